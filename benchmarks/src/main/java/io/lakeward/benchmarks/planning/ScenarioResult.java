package io.lakeward.benchmarks.planning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;

/** What one scenario process reported, or why it failed. */
final class ScenarioResult {
  private final Properties values;
  private final Optional<String> failure;

  private ScenarioResult(Properties values, Optional<String> failure) {
    this.values = values;
    this.failure = failure;
  }

  static ScenarioResult failed(String reason) {
    return new ScenarioResult(new Properties(), Optional.of(reason));
  }

  static ScenarioResult read(Path file) throws IOException {
    Properties values = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      values.load(in);
    }
    return new ScenarioResult(values, Optional.empty());
  }

  Optional<String> failure() {
    return failure;
  }

  boolean ok() {
    return failure.isEmpty();
  }

  /** Per measured run of a single-table scenario: both phases added. */
  List<Long> totalNanos() {
    List<Long> first = longs("first");
    List<Long> second = longs("second");
    return IntStream.range(0, first.size()).mapToObj(i -> first.get(i) + second.get(i)).toList();
  }

  /** The measured run whose total is the median (the lower middle one of an even count). */
  int medianRun() {
    List<Long> totals = totalNanos();
    List<Integer> order = IntStream.range(0, totals.size()).boxed().sorted(Comparator.comparing(totals::get)).toList();
    return order.get((order.size() - 1) / 2);
  }

  long firstNanos(int run) {
    return longs("first").get(run);
  }

  long secondNanos(int run) {
    return longs("second").get(run);
  }

  /** Process CPU time per measured run (all threads: the work, Iceberg's worker pool, GC, JIT). */
  List<Long> cpuNanos() {
    return longs("cpu");
  }

  /**
   * CPU time of the thread that called the planning, per measured run: the rest of the process CPU
   * went to Iceberg's worker pool (reading manifests), the collector and the JIT compiler.
   */
  List<Long> threadCpuNanos() {
    return longs("thread-cpu");
  }

  List<Long> passCpuNanos(int count) {
    return longs("count." + count + ".cpu");
  }

  /** Per measured pass over the first {@code count} tables of a group scenario. */
  List<Long> passNanos(int count) {
    return longs("count." + count + ".nanos");
  }

  long value(String key) {
    String value = values.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("Scenario result lacks " + key);
    }
    return Long.parseLong(value);
  }

  String text(String key) {
    return values.getProperty(key, "unknown");
  }

  private List<Long> longs(String key) {
    String value = values.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("Scenario result lacks " + key);
    }
    return Arrays.stream(value.split(",")).map(Long::parseLong).toList();
  }

  /** The middle value; of an even count, the lower middle one, so that it is a measured value. */
  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }
}
