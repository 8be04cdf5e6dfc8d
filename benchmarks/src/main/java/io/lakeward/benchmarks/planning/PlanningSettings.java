package io.lakeward.benchmarks.planning;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Knobs of a planning benchmark run, from system properties (benchmarks/run.sh passes its -D
 * arguments on). The defaults are the sizes and keep a run on 2 cores under about five
 * minutes.
 *
 * <ul>
 *   <li>{@code bench.planning.files} (100000), {@code .days} (30), {@code .batch} (5000): the streaming
 *       table's data files, its daily partitions and the files per commit;
 *   <li>{@code bench.planning.partitions} (10000), {@code .files-per-partition} (3): the wide table;
 *   <li>{@code bench.planning.table-counts} (10,100,1000), {@code .files-per-table} (100), {@code
 *       .table-days} (10), {@code .table-commits} (4): the group of small tables, evaluated in passes
 *       over the first 10, 100 and 1000 of them;
 *   <li>{@code bench.planning.warmups} (2), {@code .repeats} (5): discarded and measured runs per
 *       single-table scenario; {@code .table-warmups} (1): discarded passes over all tables of the
 *       group; {@code .table-repeats} (3): measured passes per table count;
 *   <li>{@code bench.planning.heap} (512m): the -Xmx of every scenario process;
 *   <li>{@code bench.planning.jvm-options} (none): more options for the scenario processes, separated by
 *       spaces, e.g. to profile them ({@code -XX:StartFlightRecording=...}); the report names them;
 *   <li>{@code bench.planning.scenarios} (files,partitions,tables): which scenarios run;
 *   <li>{@code bench.output} (docs/benchmarks.md) and {@code bench.revision}, as for the catalog
 *       benchmark.
 * </ul>
 */
record PlanningSettings(
    int files,
    int days,
    int batch,
    int partitions,
    int filesPerPartition,
    List<Integer> tableCounts,
    int filesPerTable,
    int tableDays,
    int tableCommits,
    int warmUps,
    int repeats,
    int tableWarmUps,
    int tableRepeats,
    String heap,
    List<String> jvmOptions,
    List<String> scenarios,
    String revision,
    Optional<Path> output) {

  static final String FILES = "files";
  static final String PARTITIONS = "partitions";
  static final String TABLES = "tables";

  PlanningSettings {
    tableCounts = List.copyOf(tableCounts);
    jvmOptions = List.copyOf(jvmOptions);
    if (tableCounts.isEmpty() || tableCounts.get(0) <= 0) {
      throw new IllegalArgumentException("Invalid bench.planning.table-counts: " + tableCounts);
    }
    scenarios = List.copyOf(scenarios);
    for (String scenario : scenarios) {
      if (!List.of(FILES, PARTITIONS, TABLES).contains(scenario)) {
        throw new IllegalArgumentException("Invalid bench.planning.scenarios entry: " + scenario);
      }
    }
    if (!heap.matches("[0-9]+[kmgKMG]?")) {
      throw new IllegalArgumentException("Invalid bench.planning.heap: " + heap);
    }
  }

  static PlanningSettings fromSystemProperties() {
    String output = System.getProperty("bench.output", "docs/benchmarks.md");
    return new PlanningSettings(
        intProperty("bench.planning.files", 100_000),
        intProperty("bench.planning.days", 30),
        intProperty("bench.planning.batch", 5_000),
        intProperty("bench.planning.partitions", 10_000),
        intProperty("bench.planning.files-per-partition", 3),
        Arrays.stream(System.getProperty("bench.planning.table-counts", "10,100,1000").split(","))
            .map(String::trim).map(Integer::parseInt).sorted().toList(),
        intProperty("bench.planning.files-per-table", 100),
        intProperty("bench.planning.table-days", 10),
        intProperty("bench.planning.table-commits", 4),
        intProperty("bench.planning.warmups", 2),
        intProperty("bench.planning.repeats", 5),
        intProperty("bench.planning.table-warmups", 1),
        intProperty("bench.planning.table-repeats", 3),
        System.getProperty("bench.planning.heap", "512m"),
        Arrays.stream(System.getProperty("bench.planning.jvm-options", "").trim().split("\\s+"))
            .filter(s -> !s.isEmpty()).toList(),
        Arrays.stream(System.getProperty("bench.planning.scenarios", FILES + "," + PARTITIONS + "," + TABLES).split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        System.getProperty("bench.revision", "unknown"),
        output.isBlank() || output.equals("none") ? Optional.empty() : Optional.of(Path.of(output)));
  }

  int maxTables() {
    return tableCounts.get(tableCounts.size() - 1);
  }

  /** The heap limit in bytes, for the report. */
  long heapBytes() {
    char unit = Character.toLowerCase(heap.charAt(heap.length() - 1));
    long scale = switch (unit) {
      case 'k' -> 1024L;
      case 'm' -> 1024L * 1024;
      case 'g' -> 1024L * 1024 * 1024;
      default -> 1;
    };
    String digits = Character.isDigit(unit) ? heap : heap.substring(0, heap.length() - 1);
    return Long.parseLong(digits) * scale;
  }

  private static int intProperty(String key, int fallback) {
    int value = Integer.parseInt(System.getProperty(key, Integer.toString(fallback)));
    if (value <= 0) {
      throw new IllegalArgumentException("Invalid " + key + ": " + value + " (must be positive)");
    }
    return value;
  }
}
