package io.lakeward.benchmarks.rewrite;

/** Who rewrites the table in a rewrite case. */
enum Contestant {
  LAKEWARD("Lakeward", "lakeward"),
  ICEBERG("Iceberg", "iceberg"),
  FLOOR("floor", "floor");

  private final String title;
  private final String suffix;

  Contestant(String title, String suffix) {
    this.title = title;
    this.suffix = suffix;
  }

  String title() {
    return title;
  }

  String table(RewriteCase rewriteCase) {
    return rewriteCase.tablePrefix() + "_" + suffix;
  }
}
