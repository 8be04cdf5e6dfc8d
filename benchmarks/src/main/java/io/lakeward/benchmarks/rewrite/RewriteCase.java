package io.lakeward.benchmarks.rewrite;

import java.util.Arrays;

/** The rewrite cases: the same generated data, with different work for the rewrite. */
enum RewriteCase {
  PLAIN("plain", "small files only", false, false),
  POSITION_DELETES("position-deletes", "%s of rows deleted by position deletes (Spark DELETE, merge-on-read)", true,
      false),
  EQUALITY_DELETES("equality-deletes", "%s of rows replaced by an upsert stream of %d commits (equality deletes)", true,
      false),
  SORT("sort", "sort order (category, ts)", false, true);

  private final String id;
  private final String description;
  private final boolean deletes;
  private final boolean sorted;

  RewriteCase(String id, String description, boolean deletes, boolean sorted) {
    this.id = id;
    this.description = description;
    this.deletes = deletes;
    this.sorted = sorted;
  }

  String id() {
    return id;
  }

  /** Table names of the case start with this (SQL identifiers: no dashes). */
  String tablePrefix() {
    return id.replace('-', '_');
  }

  String describe(RewriteSettings settings) {
    int permille = this == EQUALITY_DELETES ? settings.upsertPermille() : settings.deletePermille();
    String share = (permille % 10 == 0 ? String.valueOf(permille / 10) : String.valueOf(permille / 10.0)) + "%";
    return String.format(description, share, settings.upsertBatches());
  }

  boolean deletes() {
    return deletes;
  }

  boolean sorted() {
    return sorted;
  }

  static RewriteCase of(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Invalid bench.rewrite.cases entry: " + id
            + " (plain, position-deletes, equality-deletes, sort)"));
  }
}
