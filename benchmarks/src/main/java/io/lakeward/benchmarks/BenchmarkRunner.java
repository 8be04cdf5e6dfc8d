package io.lakeward.benchmarks;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the workloads on every path in three steps:
 *
 * <ol>
 *   <li>JVM warm-up: cycles of every workload once on every path, until the JIT compiler is (almost)
 *       idle or a time limit is reached. The paths share much code (Iceberg's metadata parsing,
 *       Jackson, the HTTP stack), and on 2 cores the compiler otherwise takes about a core for the
 *       first minute: rates measured meanwhile rise round after round.
 *   <li>Per workload, warm-up rounds, discarded.
 *   <li>Measured rounds, interleaved across paths (round 1 on each path, then round 2, ...; the order
 *       rotates), so that a slow spell of the shared machine or of the JVM (GC) lands on all paths
 *       instead of on one.
 * </ol>
 */
final class BenchmarkRunner {
  /** The JVM counts as warm once compiling took less than this share of one core over a cycle. */
  private static final double JIT_QUIET_SHARE = 0.10;

  private final List<CatalogUnderTest> targets;
  private final Duration maxJvmWarmUp;
  private final int warmUpRounds;
  private final int iterations;
  private final PrintStream log;
  private int jvmWarmUpCycles;
  private double lastJitShare = Double.NaN;

  BenchmarkRunner(List<CatalogUnderTest> targets, Duration maxJvmWarmUp, int warmUpRounds, int iterations,
      PrintStream log) {
    this.targets = List.copyOf(targets);
    this.maxJvmWarmUp = maxJvmWarmUp;
    this.warmUpRounds = warmUpRounds;
    this.iterations = iterations;
    this.log = log;
  }

  /** Per workload, the rates per path label, in the order of the targets. */
  Map<Workload, Map<String, PathResult>> run(List<Workload> workloads) {
    Map<Workload, Map<String, PathResult>> results = new LinkedHashMap<>();
    for (Workload workload : workloads) {
      Map<String, PathResult> byPath = new LinkedHashMap<>();
      results.put(workload, byPath);
      for (CatalogUnderTest target : targets) {
        PathResult result = new PathResult();
        byPath.put(target.label(), result);
        try {
          workload.prepare(target);
        } catch (Exception e) {
          fail(workload, target, result, e);
        }
      }
    }
    warmUpJvm(workloads, results);
    for (Workload workload : workloads) {
      log.println(workload.name() + ":");
      Map<String, PathResult> byPath = results.get(workload);
      for (int i = 0; i < warmUpRounds + iterations; i++) {
        boolean warmUp = i < warmUpRounds;
        for (int k = 0; k < targets.size(); k++) {
          CatalogUnderTest target = targets.get((i + k) % targets.size());
          round(workload, target, byPath.get(target.label()), (warmUp ? "w" : "i") + i, warmUp);
        }
      }
    }
    return results;
  }

  private void warmUpJvm(List<Workload> workloads, Map<Workload, Map<String, PathResult>> results) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long deadline = System.nanoTime() + maxJvmWarmUp.toNanos();
    for (int cycle = 1; ; cycle++) {
      jvmWarmUpCycles = cycle;
      log.println("JVM warm-up, cycle " + cycle + ":");
      long wallStart = System.nanoTime();
      long jitStart = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
      for (Workload workload : workloads) {
        for (CatalogUnderTest target : targets) {
          round(workload, target, results.get(workload).get(target.label()), "jvm" + cycle, true);
        }
      }
      if (!jit.isCompilationTimeMonitoringSupported()) {
        return;
      }
      double share = (jit.getTotalCompilationTime() - jitStart) / ((System.nanoTime() - wallStart) / 1e6);
      jvmWarmUpCycles = cycle;
      lastJitShare = share;
      log.printf("  JIT compiler busy %.0f%% of one core%n", 100 * share);
      if (share < JIT_QUIET_SHARE || System.nanoTime() > deadline) {
        return;
      }
    }
  }

  /** How the JVM warm-up ended, for the report: cycles run and the compiler's share of a core in the last one. */
  String jvmWarmUpSummary() {
    return Double.isNaN(lastJitShare) ? jvmWarmUpCycles + " cycle(s)"
        : String.format(Locale.ROOT, "%d cycle(s), the JIT compiler busy %.0f%% of one core in the last", jvmWarmUpCycles,
            100 * lastJitShare);
  }

  private void round(Workload workload, CatalogUnderTest target, PathResult result, String round, boolean warmUp) {
    if (result.failed()) {
      return;
    }
    try {
      Harness.Sample sample = workload.run(target, round);
      if (!warmUp) {
        result.add(sample.perSecond());
      }
      log.printf("  %-16s %-8s %9.1f %s (%d in %.2f s)%n", target.label(), warmUp ? "warm-up" : "measured",
          sample.perSecond(), workload.unit(), sample.operations(), sample.nanos() / 1e9);
    } catch (Exception e) {
      fail(workload, target, result, e);
    }
  }

  private void fail(Workload workload, CatalogUnderTest target, PathResult result, Exception e) {
    result.fail(e);
    log.printf("  %-16s FAILED: %s%n", target.label(), result.failure().orElseThrow());
    System.err.println(workload.name() + " failed on " + target.label());
    e.printStackTrace();
  }
}
