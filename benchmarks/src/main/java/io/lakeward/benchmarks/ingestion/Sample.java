package io.lakeward.benchmarks.ingestion;

/**
 * A table's state after {@code commit} writer commits: its files and what its maintainer (Lakeward's
 * optimizer, or the JVM running Iceberg's rewrites) has spent so far.
 */
record Sample(int commit, long dataFiles, long deleteFiles, long dataBytes, double maintainerCpuSeconds, String state) {}
