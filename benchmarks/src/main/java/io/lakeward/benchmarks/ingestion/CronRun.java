package io.lakeward.benchmarks.ingestion;

import java.util.Map;

/** One run of Iceberg's RewriteDataFiles after {@code afterCommit} commits, as the action reported it. */
record CronRun(int afterCommit, double startedAtSeconds, Map<String, String> result) {
  double seconds() {
    return Double.parseDouble(result.getOrDefault("seconds", "0"));
  }
}
