package io.lakeward.benchmarks.maintenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One contestant's run of one action: what its JVM measured ({@link ActionMeasurement}) and what the disk
 * showed afterwards ({@link ActionCheck}, absent when the action failed before it could be checked).
 *
 * @param side "Lakeward" or "Iceberg"
 * @param action the action's wire name
 * @param failure why the run failed (out of heap, an exception, a time-out)
 * @param seconds wall time of the action alone
 * @param cpuSeconds CPU time of the action's JVM (all threads: the work, worker pools, Spark's executors in
 *     local mode, the collector, the JIT compiler) during the action
 * @param heapMax the JVM's -Xmx
 * @param heapPeakUsed the largest heap in use before a collection, garbage included (at most -Xmx)
 * @param heapPeakAfterGc the largest heap left after a collection during the action
 * @param counters what the action itself reported (files-deleted, snapshots-expired...)
 * @param processSeconds the action's JVM from start to end as the parent saw it (start-up and loading the table
 *     included): the only time there is for a run that failed without a result
 */
record ActionRun(String side, String action, Optional<String> failure, double seconds, double cpuSeconds,
    long heapMax, long heapPeakUsed, long heapPeakAfterGc, long gcCount, long gcMillis,
    Map<String, String> counters, Optional<ActionCheck> check, double processSeconds) {

  ActionRun {
    counters = Map.copyOf(counters);
  }

  boolean ok() {
    return failure.isEmpty();
  }

  ActionRun withCheck(ActionCheck check) {
    return new ActionRun(side, action, failure, seconds, cpuSeconds, heapMax, heapPeakUsed, heapPeakAfterGc, gcCount,
        gcMillis, counters, Optional.of(check), processSeconds);
  }

  static ActionRun failed(String side, String action, String reason, double processSeconds) {
    return new ActionRun(side, action, Optional.of(reason), 0, 0, 0, 0, 0, 0, 0, Map.of(), Optional.empty(),
        processSeconds);
  }

  /** Reads a result file; a failure recorded in it keeps the measurements taken up to it. */
  static ActionRun read(String side, String action, Path file, double processSeconds) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    Map<String, String> counters = new LinkedHashMap<>();
    p.stringPropertyNames().stream().filter(k -> k.startsWith("result.")).sorted()
        .forEach(k -> counters.put(k.substring("result.".length()), p.getProperty(k)));
    return new ActionRun(side, action, Optional.ofNullable(p.getProperty("failure")),
        Double.parseDouble(p.getProperty("seconds", "0")), Double.parseDouble(p.getProperty("cpu-seconds", "0")),
        Long.parseLong(p.getProperty("heap.max", "0")), Long.parseLong(p.getProperty("heap.peak-used", "0")),
        Long.parseLong(p.getProperty("heap.peak-after-gc", "0")), Long.parseLong(p.getProperty("gc.count", "0")),
        Long.parseLong(p.getProperty("gc.millis", "0")), counters, Optional.empty(), processSeconds);
  }
}
