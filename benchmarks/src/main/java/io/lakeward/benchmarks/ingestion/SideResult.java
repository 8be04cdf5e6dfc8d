package io.lakeward.benchmarks.ingestion;

import java.util.List;
import java.util.Map;

/**
 * How one table fared: Lakeward's (self-optimizing with defaults) or one Iceberg variant's (rewrites
 * every N commits).
 *
 * @param maintainerCpuSeconds CPU time of the JVM that optimizes the table over the whole phase
 *     (Lakeward's Spark optimizer, or the rewriter engine JVM)
 * @param amsCpuSeconds Lakeward only: CPU time of the AMS over the phase (it also served the writer's
 *     catalog calls, so this is an upper bound of what optimizing cost it)
 * @param catchUpSeconds after the last commit: until Lakeward had nothing pending, or Iceberg's last
 *     rewrite ended
 * @param history rewrite totals from the snapshot summaries
 * @param files the final files; {@code verify} the final content check
 */
record SideResult(String name, String table, double maintainerCpuSeconds, double amsCpuSeconds, double catchUpSeconds,
    boolean settled, Map<String, String> history, Map<String, String> files, Map<String, String> verify,
    List<Sample> samples, List<CronRun> cronRuns, List<Double> commitSeconds) {

  long historyLong(String key) {
    return Long.parseLong(history.getOrDefault(key, "0"));
  }

  long filesLong(String key) {
    return Long.parseLong(files.getOrDefault(key, "0"));
  }

  boolean correct() {
    return Boolean.parseBoolean(verify.getOrDefault("match", "false"));
  }
}
