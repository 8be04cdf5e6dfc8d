package io.lakeward.benchmarks.rewrite;

import java.util.Map;
import java.util.Optional;

/**
 * One contestant on one case.
 *
 * @param seconds wall time of the measured step
 * @param cpuSeconds CPU time of the JVM doing the rewrite during the step (Lakeward: the Spark optimizer;
 *     Iceberg and the floor: the Spark engine)
 * @param amsCpuSeconds Lakeward only: CPU time of the AMS during the step (planning, commit)
 * @param after the table's files and content check after the step
 * @param details contestant-specific numbers (Lakeward's phases, Iceberg's action results)
 */
record ContestantRun(Contestant contestant, Optional<String> failure, double seconds, double cpuSeconds,
    double amsCpuSeconds, Map<String, String> after, Map<String, String> details) {

  ContestantRun {
    after = Map.copyOf(after);
    details = Map.copyOf(details);
  }

  static ContestantRun failed(Contestant contestant, String reason, double seconds, Map<String, String> details) {
    return new ContestantRun(contestant, Optional.of(reason), seconds, 0, 0, Map.of(), details);
  }

  boolean ok() {
    return failure.isEmpty();
  }

  long value(String key) {
    return Long.parseLong(after.getOrDefault(key, "0"));
  }

  String detail(String key) {
    return details.getOrDefault(key, "");
  }
}
