package io.lakeward.benchmarks.maintenance;

import io.lakeward.benchmarks.planning.HeapMeter;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Measures one maintenance action in the JVM that runs it (Lakeward's maintainer JVM or Iceberg's Spark
 * driver) and writes what it measured to a properties file for the parent: wall and CPU time of the action
 * alone (not JVM start-up, Spark start-up or loading the table), the heap as the collectors saw it
 * ({@link HeapMeter}), and the action's own counters. Plain JDK: both JVMs use it.
 */
final class ActionMeasurement {
  /** The action; returns its counters (files deleted...) and a one-line summary under "summary". */
  interface Action {
    Map<String, String> run() throws Exception;
  }

  private ActionMeasurement() {
  }

  /** Runs {@code action}, writes {@code result}; a failure is written too (as "failure"), then rethrown. */
  static void measure(HeapMeter meter, Action action, Path result) throws Exception {
    Properties out = new Properties();
    out.setProperty("collectors", HeapMeter.collectors());
    out.setProperty("heap.max", Long.toString(Runtime.getRuntime().maxMemory()));
    meter.reset();
    out.setProperty("heap.baseline", Long.toString(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long[] gcBefore = HeapMeter.gcCountAndMillis();
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    Map<String, String> counters = new HashMap<>();
    Exception failure = null;
    try {
      counters = action.run();
    } catch (Exception e) {
      failure = e;
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      out.setProperty("failure", e.toString());
      out.setProperty("failure.trace", trace.toString());
    }
    long nanos = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuBefore;
    long[] gcAfter = HeapMeter.gcCountAndMillis();
    out.setProperty("seconds", String.format(Locale.ROOT, "%.3f", nanos / 1e9));
    out.setProperty("cpu-seconds", String.format(Locale.ROOT, "%.3f", cpu / 1e9));
    out.setProperty("gc.count", Long.toString(gcAfter[0] - gcBefore[0]));
    out.setProperty("gc.millis", Long.toString(gcAfter[1] - gcBefore[1]));
    out.setProperty("heap.peak-used", Long.toString(meter.peakUsed()));
    out.setProperty("heap.peak-after-gc", Long.toString(meter.peakAfterGc()));
    out.setProperty("heap.old-gen-peak", Long.toString(oldGenerationPeak()));
    counters.forEach((k, v) -> out.setProperty("result." + k, v));
    try (OutputStream file = Files.newOutputStream(result)) {
      out.store(file, "maintenance benchmark action result");
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Key=value arguments of a child JVM. */
  static Map<String, String> arguments(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Invalid argument (key=value expected): " + arg);
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return options;
  }

  static String required(Map<String, String> options, String key) {
    String value = options.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Missing argument " + key + "=...");
    }
    return value;
  }

  /**
   * Peak use of the old generation since the start of the action: what survived young collections, an
   * upper bound of what the action held for long (garbage the old generation has not collected yet included).
   */
  private static long oldGenerationPeak() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.getName().toLowerCase(Locale.ROOT).contains("old"))
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
