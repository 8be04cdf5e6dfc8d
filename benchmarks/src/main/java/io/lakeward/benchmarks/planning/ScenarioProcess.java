package io.lakeward.benchmarks.planning;

import io.lakeward.benchmarks.LocalFileIO;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;

/**
 * One scenario on one side, in a JVM of its own started by {@link PlanningBenchmark} with the heap
 * limit under test: an OutOfMemoryError ends the process and fails the scenario. The tables were
 * built by the parent; this process opens them read-only from their metadata files and writes what
 * it measured to a properties file ({@link ScenarioResult} reads it).
 *
 * <p>Arguments, key=value: {@code side} (lakeward or iceberg), {@code kind} ({@code table}: plan the
 * first table of the list; {@code group}: assess the first n tables one after the other, for each n
 * of {@code counts}), {@code tables} (a file with one metadata location a line), {@code result},
 * {@code warmups}, {@code repeats}, {@code counts}.
 */
public final class ScenarioProcess {
  /**
   * Forced collections while sampling the live heap are this far apart (plus the collection): often
   * enough to see a single plan's peak; a group pass holds little, and a long pass with a collection
   * every 20 ms would take minutes.
   */
  private static final long TABLE_SAMPLE_MILLIS = 20;
  private static final long GROUP_SAMPLE_MILLIS = 100;

  private final PlanningSide side;
  private final FileIO io = new LocalFileIO();
  private final HeapMeter meter = HeapMeter.install();
  private final Properties out = new Properties();

  private ScenarioProcess(PlanningSide side) {
    this.side = side;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Invalid argument (key=value expected): " + arg);
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    ScenarioProcess process = new ScenarioProcess(PlanningSide.named(required(options, "side")));
    List<String> tables = Files.readAllLines(Path.of(required(options, "tables"))).stream()
        .filter(line -> !line.isBlank()).toList();
    int warmUps = Integer.parseInt(options.getOrDefault("warmups", "1"));
    int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
    switch (required(options, "kind")) {
      case "table" -> process.planTable(tables.get(0), warmUps, repeats);
      case "group" -> process.assessGroup(tables, Arrays.stream(required(options, "counts").split(","))
          .map(Integer::parseInt).toList(), warmUps, repeats);
      default -> throw new IllegalArgumentException("Invalid kind: " + options.get("kind"));
    }
    process.out.setProperty("collectors", HeapMeter.collectors());
    process.out.setProperty("max-heap", Long.toString(Runtime.getRuntime().maxMemory()));
    try (OutputStream file = Files.newOutputStream(Path.of(required(options, "result")))) {
      process.out.store(file, "planning benchmark scenario result");
    }
    // Iceberg's worker pool threads are daemons, but say so plainly.
    System.exit(0);
  }

  private void planTable(String location, int warmUps, int repeats) throws InterruptedException {
    for (int i = 0; i < warmUps; i++) {
      Outcome warm = side.plan(open(location));
      log("warm-up %d: %.0f ms", i + 1, warm.totalNanos() / 1e6);
    }
    out.setProperty("heap.baseline", Long.toString(meter.liveNow()));
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    List<String> cpu = new ArrayList<>();
    List<String> ownCpu = new ArrayList<>();
    long peakUsed = 0;
    long gcCount = 0;
    long gcMillis = 0;
    Outcome last = null;
    for (int i = 0; i < repeats; i++) {
      // Opening reads one metadata file; it is setup, not planning.
      Table table = open(location);
      meter.reset();
      long[] gcBefore = HeapMeter.gcCountAndMillis();
      long cpuBefore = processCpuNanos();
      long threadCpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      last = side.plan(table);
      long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpuBefore;
      cpu.add(Long.toString(processCpuNanos() - cpuBefore));
      ownCpu.add(Long.toString(threadCpu));
      long[] gcAfter = HeapMeter.gcCountAndMillis();
      gcCount += gcAfter[0] - gcBefore[0];
      gcMillis += gcAfter[1] - gcBefore[1];
      peakUsed = Math.max(peakUsed, meter.peakUsed());
      first.add(Long.toString(last.firstNanos()));
      second.add(Long.toString(last.secondNanos()));
      log("run %d: %.0f ms (%.0f + %.0f), CPU %d ms (%d ms of it in the planning thread), GC %d ms, %d tasks of %d "
          + "files", i + 1, last.totalNanos() / 1e6, last.firstNanos() / 1e6, last.secondNanos() / 1e6,
          Long.parseLong(cpu.get(i)) / 1_000_000, threadCpu / 1_000_000, gcAfter[1] - gcBefore[1], last.tasks(),
          last.files());
    }
    out.setProperty("first", String.join(",", first));
    out.setProperty("second", String.join(",", second));
    out.setProperty("cpu", String.join(",", cpu));
    out.setProperty("thread-cpu", String.join(",", ownCpu));
    out.setProperty("partitions", Integer.toString(last.partitions()));
    out.setProperty("tasks", Integer.toString(last.tasks()));
    out.setProperty("files", Integer.toString(last.files()));
    out.setProperty("bytes", Long.toString(last.bytes()));
    out.setProperty("heap.used", Long.toString(peakUsed));
    out.setProperty("gc.count", Long.toString(gcCount));
    out.setProperty("gc.millis", Long.toString(gcMillis));
    long live = meter.sampleLive(() -> side.plan(open(location)), TABLE_SAMPLE_MILLIS);
    out.setProperty("heap.live", Long.toString(live));
    log("peak live heap %.0f MiB, peak heap in use %.0f MiB", live / 1048576.0, peakUsed / 1048576.0);
  }

  private void assessGroup(List<String> locations, List<Integer> counts, int warmUps, int repeats)
      throws InterruptedException {
    int all = counts.stream().mapToInt(Integer::intValue).max().orElseThrow();
    if (all > locations.size()) {
      throw new IllegalArgumentException("Cannot assess " + all + " tables: only " + locations.size() + " listed");
    }
    for (int i = 0; i < warmUps; i++) {
      long start = System.nanoTime();
      pass(locations, all).get();
      log("warm-up %d: %d tables in %.0f ms", i + 1, all, (System.nanoTime() - start) / 1e6);
    }
    out.setProperty("heap.baseline", Long.toString(meter.liveNow()));
    Map<Integer, List<String>> nanos = new HashMap<>();
    Map<Integer, List<String>> cpu = new HashMap<>();
    Map<Integer, Long> peakUsed = new HashMap<>();
    for (int i = 0; i < repeats; i++) {
      // Every count once per round, so that a slow spell of the machine lands on all of them.
      for (int count : counts) {
        meter.reset();
        long start = System.nanoTime();
        long cpuBefore = processCpuNanos();
        Outcome sum = pass(locations, count).get();
        long elapsed = System.nanoTime() - start;
        cpu.computeIfAbsent(count, c -> new ArrayList<>()).add(Long.toString(processCpuNanos() - cpuBefore));
        nanos.computeIfAbsent(count, c -> new ArrayList<>()).add(Long.toString(elapsed));
        peakUsed.merge(count, meter.peakUsed(), Math::max);
        out.setProperty("count." + count + ".files", Integer.toString(sum.files()));
        out.setProperty("count." + count + ".partitions", Integer.toString(sum.partitions()));
        log("round %d, %d tables: %.0f ms, %.2f ms a table (CPU %.2f ms a table)", i + 1, count, elapsed / 1e6,
            elapsed / 1e6 / count, Long.parseLong(cpu.get(count).get(i)) / 1e6 / count);
      }
    }
    for (int count : counts) {
      out.setProperty("count." + count + ".nanos", String.join(",", nanos.get(count)));
      out.setProperty("count." + count + ".cpu", String.join(",", cpu.get(count)));
      out.setProperty("count." + count + ".heap.used", Long.toString(peakUsed.get(count)));
      long live = meter.sampleLive(pass(locations, count), GROUP_SAMPLE_MILLIS);
      out.setProperty("count." + count + ".heap.live", Long.toString(live));
      log("%d tables: peak live heap %.0f MiB", count, live / 1048576.0);
    }
    out.setProperty("counts", String.join(",", counts.stream().map(String::valueOf).toList()));
  }

  /** One periodic pass: open and assess the first {@code count} tables, one after the other. */
  private Supplier<Outcome> pass(List<String> locations, int count) {
    return () -> {
      int partitions = 0;
      int files = 0;
      long nanos = 0;
      for (int i = 0; i < count; i++) {
        // Opened each time, as a scheduler loads a table from its catalog for every evaluation.
        Outcome outcome = side.assess(open(locations.get(i)));
        partitions += outcome.partitions();
        files += outcome.files();
        nanos += outcome.totalNanos();
      }
      return new Outcome(nanos, 0, partitions, 0, files, 0);
    };
  }

  /** CPU time of all of this process's threads: the work, Iceberg's worker pool, the collector and the JIT. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private Table open(String metadataLocation) {
    return new BaseTable(new StaticTableOperations(metadataLocation, io), metadataLocation);
  }

  private void log(String format, Object... args) {
    System.out.printf("  [%s] %s%n", side.name(), String.format(format, args));
  }

  private static String required(Map<String, String> options, String key) {
    String value = options.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Missing argument " + key + "=...");
    }
    return value;
  }
}
