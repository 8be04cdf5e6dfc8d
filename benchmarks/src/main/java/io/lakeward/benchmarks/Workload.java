package io.lakeward.benchmarks;

/** One thing measured on every catalog path, in rounds (a warm-up round, then measured rounds). */
interface Workload {
  /** A short description for tables, such as "loadTable, 4 threads". */
  String name();

  /** What the rate counts, such as "loads/s". */
  String unit();

  /** Creates what the rounds need on this path; not measured. */
  void prepare(CatalogUnderTest target) throws Exception;

  /** Runs one round; {@code round} is unique per path and workload (table names derive from it). */
  Harness.Sample run(CatalogUnderTest target, String round) throws Exception;
}
