package io.lakeward.benchmarks.planning;

import java.nio.file.Path;

/**
 * One scenario: the tables it runs on (a file listing their metadata files) and their shape.
 *
 * @param kind {@code table} (plan one table) or {@code group} (assess many, one after the other)
 * @param dataFiles data files of the table, or of each table of a group
 * @param partitions partitions of the table, or of each table of a group
 */
record Scenario(String id, String title, String kind, Path tables, int dataFiles, int partitions) {
  static final String TABLE = "table";
  static final String GROUP = "group";

  boolean isGroup() {
    return kind.equals(GROUP);
  }
}
