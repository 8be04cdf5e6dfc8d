package io.lakeward.benchmarks.planning;

import org.apache.iceberg.Table;

/** One side of the comparison: what it does, and is timed doing, with a table. */
interface PlanningSide {
  /** "lakeward" or "iceberg", as given on a scenario process's command line. */
  String name();

  /** Plans the optimizing of one table, from its current snapshot. */
  Outcome plan(Table table);

  /** What the side does for each table of a group in one periodic pass. */
  Outcome assess(Table table);

  static PlanningSide named(String name) {
    return switch (name) {
      case LakewardSide.NAME -> new LakewardSide();
      case IcebergSide.NAME -> new IcebergSide();
      default -> throw new IllegalArgumentException("Invalid side: " + name);
    };
  }
}
