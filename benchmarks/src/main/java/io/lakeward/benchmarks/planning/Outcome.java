package io.lakeward.benchmarks.planning;

/**
 * What one side did for one table: the time of its two phases (Lakeward: evaluate, then plan;
 * Iceberg: planFiles with grouping by partition, then bin packing) and what came out.
 *
 * @param partitions partitions the side saw with data files
 * @param tasks tasks (Lakeward) or file groups (Iceberg) planned; 0 when only evaluated
 * @param files data files in them
 * @param bytes their bytes
 */
record Outcome(long firstNanos, long secondNanos, int partitions, int tasks, int files, long bytes) {
  long totalNanos() {
    return firstNanos + secondNanos;
  }
}
