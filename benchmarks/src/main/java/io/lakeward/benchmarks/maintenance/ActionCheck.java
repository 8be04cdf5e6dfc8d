package io.lakeward.benchmarks.maintenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one action did to one copy of the table, read from the disk before and after it, and whether that was
 * right. <b>Safe</b>: every file the table still needs exists and nothing that had to stay went (young orphans,
 * files of retained snapshots). <b>Complete</b>: everything that had to go went (old orphans; files only
 * expired snapshots needed).
 *
 * @param deleted files gone, by kind
 * @param written files the action created (a new metadata file, Hadoop's checksum files)
 * @param left files in the table after the action
 * @param snapshots snapshots in the table's metadata after the action
 * @param missing files the table needs that do not exist: must be none
 * @param wronglyDeleted files gone that had to stay: must be none
 * @param leftBehind files that had to go and did not, by kind
 * @param examples a few paths of each problem, for the report
 */
record ActionCheck(Map<String, Long> deleted, long written, long left, int snapshots, long missing,
    long wronglyDeleted, Map<String, Long> leftBehind, List<String> examples) {

  private static final int EXAMPLES = 3;

  ActionCheck {
    // Sorted by kind, so reports list them alike.
    deleted = Collections.unmodifiableMap(new TreeMap<>(deleted));
    leftBehind = Collections.unmodifiableMap(new TreeMap<>(leftBehind));
    examples = List.copyOf(examples);
  }

  long deletedFiles() {
    return deleted.values().stream().mapToLong(Long::longValue).sum();
  }

  long leftBehindFiles() {
    return leftBehind.values().stream().mapToLong(Long::longValue).sum();
  }

  boolean safe() {
    return missing == 0 && wronglyDeleted == 0;
  }

  boolean complete() {
    return leftBehindFiles() == 0;
  }

  /** Orphan cleaning: exactly the old orphans go. */
  static ActionCheck orphans(String[] before, String[] after, FileCensus.Needed needed, GeneratedTable table) {
    Builder check = new Builder(before, after, needed);
    for (String path : check.gone) {
      if (!table.oldOrphans().contains(path)) {
        check.wrong(path);
      }
    }
    for (String orphan : table.oldOrphans()) {
      if (Arrays.binarySearch(after, orphan) >= 0) {
        check.leftBehind("orphan " + FileCensus.kind(orphan), orphan);
      }
    }
    return check.build();
  }

  /**
   * Expiration: of the files the generator wrote for the table (not orphans, not metadata.json files), exactly
   * those no retained snapshot needs go; {@code expected} holds how many data files, manifests and manifest
   * lists that is ({@link GeneratedTable.Kinds#freedBefore}).
   */
  static ActionCheck expiration(String[] before, String[] after, FileCensus.Needed needed, GeneratedTable table,
      long[] expected) {
    Builder check = new Builder(before, after, needed);
    for (String path : check.gone) {
      boolean orphan = table.oldOrphans().contains(path) || table.youngOrphans().contains(path);
      if (orphan || needed.contains(path)) {
        check.wrong(path);
      }
    }
    String[] kinds = {"data", "manifest", "manifest list"};
    for (int i = 0; i < kinds.length; i++) {
      long deleted = check.deleted.getOrDefault(kinds[i], 0L);
      if (deleted < expected[i]) {
        check.leftBehind.merge(kinds[i], expected[i] - deleted, Long::sum);
      }
    }
    return check.build();
  }

  private static final class Builder {
    private final String[] after;
    private final FileCensus.Needed needed;
    private final List<String> gone = new ArrayList<>();
    private final Map<String, Long> deleted = new TreeMap<>();
    private final Map<String, Long> leftBehind = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();
    private long written;
    private long missing;
    private long wrong;

    Builder(String[] before, String[] after, FileCensus.Needed needed) {
      this.after = after;
      this.needed = needed;
      // Both sorted: one merge pass finds what went and what came.
      int i = 0;
      int j = 0;
      while (i < before.length || j < after.length) {
        int order = i == before.length ? 1 : j == after.length ? -1 : before[i].compareTo(after[j]);
        if (order < 0) {
          gone.add(before[i]);
          deleted.merge(FileCensus.kind(before[i]), 1L, Long::sum);
          i++;
        } else if (order > 0) {
          written++;
          j++;
        } else {
          i++;
          j++;
        }
      }
      for (String path : needed.paths()) {
        if (Arrays.binarySearch(after, path) < 0) {
          missing++;
          example("missing, needed: " + path);
        }
      }
    }

    void wrong(String path) {
      wrong++;
      example("deleted, had to stay: " + path);
    }

    void leftBehind(String kind, String path) {
      leftBehind.merge(kind, 1L, Long::sum);
      example("left, had to go: " + path);
    }

    private void example(String text) {
      if (examples.size() < EXAMPLES * 3) {
        examples.add(text);
      }
    }

    ActionCheck build() {
      return new ActionCheck(deleted, written, after.length, needed.snapshots(), missing, wrong, leftBehind, examples);
    }
  }
}
