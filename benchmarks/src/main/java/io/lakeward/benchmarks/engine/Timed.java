package io.lakeward.benchmarks.engine;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;

/** Wall and CPU time of one measured step in the engine JVM (CPU: all of its threads, GC and JIT included). */
record Timed(long nanos, long cpuNanos) {
  interface Step {
    void run() throws Exception;
  }

  static Timed of(Step step) throws Exception {
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    step.run();
    return new Timed(System.nanoTime() - start, processCpuNanos() - cpu);
  }

  void into(Map<String, String> reply) {
    reply.put("seconds", String.format(Locale.ROOT, "%.3f", nanos / 1e9));
    reply.put("cpu-seconds", String.format(Locale.ROOT, "%.3f", cpuNanos / 1e9));
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
