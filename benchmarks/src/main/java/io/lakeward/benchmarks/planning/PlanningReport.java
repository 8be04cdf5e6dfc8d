package io.lakeward.benchmarks.planning;

import io.lakeward.benchmarks.Machine;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The results of one planning benchmark run, as a console table and as docs/benchmarks.md's section. */
final class PlanningReport {
  /** The target for planning the 100,000-file table. */
  static final double FILES_TARGET_SECONDS = 5;
  /** Per-table time may vary this much between the smallest and the largest group and count as flat. */
  static final double FLAT_RATIO = 1.25;

  private static final String[] HEADERS = {"scenario", "data files", "partitions", "Lakeward", "Iceberg peer",
      "Lakeward / peer: time (CPU)", "Lakeward peak live heap", "peer peak live heap", "target", "met"};

  private final PlanningSettings settings;
  private final Machine machine;
  private final ZonedDateTime date;
  private final String setup;
  private final String cpuShare;
  private final Map<Scenario, Map<String, ScenarioResult>> results;

  PlanningReport(PlanningSettings settings, Machine machine, ZonedDateTime date, String setup, String cpuShare,
      Map<Scenario, Map<String, ScenarioResult>> results) {
    this.settings = settings;
    this.machine = machine;
    this.date = date;
    this.setup = setup;
    this.cpuShare = cpuShare;
    this.results = results;
  }

  boolean allRan() {
    return results.values().stream().flatMap(m -> m.values().stream()).allMatch(ScenarioResult::ok);
  }

  String consoleTable() {
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows()) {
      out.append(String.join(" | ", row.stream().map(cell -> cell.replace("**", "")).toList())).append('\n');
    }
    return out.toString();
  }

  String markdownSection() {
    StringBuilder md = new StringBuilder();
    md.append("## Planning: evaluating and planning large tables\n\n");
    md.append("Written by `benchmarks/run.sh planning` (or `benchmarks/run.sh`) on ")
        .append(date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append(", Lakeward at ").append(settings.revision()).append(". Rerun it to refresh this section.\n\n");
    md.append("Machine: ").append(machine.describe()).append(" (this parent process; every scenario runs in a JVM "
        + "of its own with -Xmx").append(settings.heap()).append("); during the run: ").append(cpuShare)
        .append(" (others' share above a few percent means a shared, busier machine: compare runs with care).\n\n");

    List<List<String>> rows = rows();
    md.append("| ").append(String.join(" | ", HEADERS)).append(" |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    rows.stream().skip(1).forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
    md.append('\n');
    md.append("Times are medians of the measured runs (single tables) or passes (groups), wall clock; the ratios are "
        + "Lakeward's median over the peer's (below 1: Lakeward is faster), of wall time and, in brackets, of the "
        + "scenario process's CPU time (all its threads: the work, Iceberg's manifest-reading worker pool, the "
        + "collector, the JIT compiler), which a busy shared machine disturbs less. Peak live heap: see the method "
        + "below. A scenario that runs out of its -Xmx").append(settings.heap())
        .append(" heap fails and shows as failed.\n\n");

    md.append("### What was measured\n\n");
    md.append(String.format(Locale.ROOT, "- Tables (built before any measurement, in %s, not measured): real Iceberg "
        + "v2 metadata on the local disk (metadata files, manifest lists, manifests) read through plain Java file "
        + "I/O (`io.lakeward.benchmarks.LocalFileIO`); the data files exist only in the manifests, with column "
        + "metrics for all five columns as a writer records them, 256 KiB to 4 MiB each (small: below the default "
        + "fragment size of 16 MiB). Files are appended in batches, one manifest per commit, as a streaming writer's "
        + "fast appends leave them: the %,d-file table in %,d commits of %,d over %d daily partitions (`day(ts)`); "
        + "the wide table (identity partition on an int column) in commits of %,d files spread over all its "
        + "partitions; each of the %,d small tables (`day(ts)`, %d days) in %d commits. All tables carry "
        + "`self-optimizing.group=%s` and no other optimizing property (defaults: target size 128 MiB, "
        + "max-task-size-bytes 128 MiB, max-bytes-per-process 10 GiB). Manifests are read from the OS page "
        + "cache after the warm-up, on both sides alike.%n", setup, settings.files(),
        (settings.files() + settings.batch() - 1) / settings.batch(), settings.batch(), settings.days(),
        settings.batch(), settings.maxTables(), settings.tableDays(), settings.tableCommits(), SyntheticTables.GROUP));
    md.append("- **Lakeward**: `OptimizingConfig.of(table.properties())`, `TableEvaluator.evaluate` (manifest-only, "
        + "history: never optimized), then for a single table `OptimizingPlanner.plan(…, MINOR)`. In a group, each "
        + "table is opened from its metadata file and evaluated, as the periodic evaluation does; no plan.\n");
    md.append("- **Iceberg peer** (core API only; Spark's `RewriteDataFilesSparkAction` plans the same way but needs "
        + "Spark): `table.newScan().planFiles()`, every task kept in a `StructLikeMap` by partition, files below 0.75 "
        + "of the target size selected (RewriteDataFiles' default min-file-size-bytes), each partition packed by "
        + "`BinPacking.ListPacker` (lookback 1, as RewriteDataFiles) into groups of at most 128 MiB, groups of two or "
        + "more files kept. This is the least a RewriteDataFiles planning does before any job runs; in a group it "
        + "runs per table in place of the evaluation.\n");
    md.append(String.format(Locale.ROOT, "- Each scenario on each side runs in a child JVM of its own "
        + "(`-Xmx%s -XX:+ExitOnOutOfMemoryError%s`, default collector: %s): %d warm-up run(s) then %d measured runs "
        + "of a single table; %d warm-up pass(es) over all tables of the group, then %d measured passes per group "
        + "size, the sizes interleaved in every round. Opening a single table (one metadata file) is not timed; in a group, opening each table is part "
        + "of its pass.%n", settings.heap(),
        settings.jvmOptions().isEmpty() ? "" : " " + String.join(" ", settings.jvmOptions()), collectors(), settings.warmUps(), settings.repeats(),
        settings.tableWarmUps(), settings.tableRepeats()));
    md.append("- Heap: the collectors report the heap in use before and after every collection (JMX "
        + "`GarbageCollectionNotificationInfo`, heap pools only). **Peak live heap** comes from one extra, untimed "
        + "run (or pass) while another thread forces a full collection every 20 ms (100 ms in a group pass): the "
        + "largest heap left after a "
        + "collection, that is what the work held at once (sampled, so a lower bound of the true peak; the "
        + "-Xmx limit is the hard check). **Peak heap in use** (in the details) is the largest heap before a "
        + "collection during the measured runs, garbage included: how far the collector let the heap grow, at "
        + "most -Xmx.\n\n");

    md.append("### Details\n\n");
    results.forEach((scenario, bySide) -> md.append(details(scenario, bySide)));
    return md.toString();
  }

  private String collectors() {
    return results.values().stream().flatMap(m -> m.values().stream()).filter(ScenarioResult::ok)
        .map(r -> r.text("collectors")).findFirst().orElse("unknown");
  }

  /** The header row, then one row per single-table scenario and per group size. */
  private List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(HEADERS));
    results.forEach((scenario, bySide) -> {
      ScenarioResult lakeward = bySide.get(LakewardSide.NAME);
      ScenarioResult peer = bySide.get(IcebergSide.NAME);
      if (scenario.isGroup()) {
        rows.addAll(groupRows(scenario, lakeward, peer));
      } else {
        rows.add(tableRow(scenario, lakeward, peer));
      }
    });
    return rows;
  }

  private List<String> tableRow(Scenario scenario, ScenarioResult lakeward, ScenarioResult peer) {
    boolean timed = scenario.id().equals(PlanningSettings.FILES);
    String target = (timed ? String.format(Locale.ROOT, "plan < %.0f s, ", FILES_TARGET_SECONDS) : "")
        + "heap within -Xmx" + settings.heap();
    String met;
    if (!lakeward.ok()) {
      met = "**no**: " + lakeward.failure().get();
    } else {
      double seconds = ScenarioResult.median(lakeward.totalNanos()) / 1e9;
      long over = lakeward.totalNanos().stream().filter(n -> n / 1e9 >= FILES_TARGET_SECONDS).count();
      if (!timed) {
        met = "yes";
      } else if (seconds >= FILES_TARGET_SECONDS) {
        met = String.format(Locale.ROOT, "**no**: median %.2f s", seconds);
      } else {
        met = over == 0 ? "yes" : String.format(Locale.ROOT, "yes at the median; **%d of %d runs over %.0f s**", over,
            lakeward.totalNanos().size(), FILES_TARGET_SECONDS);
      }
    }
    return List.of(scenario.title(), number(scenario.dataFiles()), number(scenario.partitions()),
        cell(lakeward, r -> seconds(ScenarioResult.median(r.totalNanos())) + " (evaluate "
            + seconds(r.firstNanos(r.medianRun())) + " + plan " + seconds(r.secondNanos(r.medianRun())) + ")"),
        cell(peer, r -> seconds(ScenarioResult.median(r.totalNanos()))),
        lakeward.ok() && peer.ok() ? ratio(ScenarioResult.median(lakeward.totalNanos()),
            ScenarioResult.median(peer.totalNanos())) + " (" + ratio(ScenarioResult.median(lakeward.cpuNanos()),
            ScenarioResult.median(peer.cpuNanos())) + ")" : "n/a",
        cell(lakeward, r -> mib(r.value("heap.live"))),
        cell(peer, r -> mib(r.value("heap.live"))),
        target, met);
  }

  private List<List<String>> groupRows(Scenario scenario, ScenarioResult lakeward, ScenarioResult peer) {
    List<Integer> counts = settings.tableCounts();
    int smallest = counts.get(0);
    int largest = counts.get(counts.size() - 1);
    List<List<String>> rows = new ArrayList<>();
    for (int count : counts) {
      String target = "";
      String met = "";
      if (count == largest && counts.size() > 1) {
        target = String.format(Locale.ROOT, "per-table time at %,d tables ≤ %.2f × at %,d", largest, FLAT_RATIO, smallest);
        if (!lakeward.ok()) {
          met = "**no**: " + lakeward.failure().get();
        } else {
          double flat = perTable(lakeward, largest) / perTable(lakeward, smallest);
          met = (flat <= FLAT_RATIO ? "yes" : "**no**") + String.format(Locale.ROOT, " (%.2f)", flat);
        }
      }
      rows.add(List.of(String.format("%,d of %s: one pass", count, scenario.title()),
          number(count * scenario.dataFiles()), number(count * scenario.partitions()),
          cell(lakeward, r -> perTableText(r, count)), cell(peer, r -> perTableText(r, count)),
          lakeward.ok() && peer.ok() ? ratio(perTable(lakeward, count), perTable(peer, count)) + " ("
              + ratio(ScenarioResult.median(lakeward.passCpuNanos(count)), ScenarioResult.median(peer.passCpuNanos(count)))
              + ")" : "n/a",
          cell(lakeward, r -> mib(r.value("count." + count + ".heap.live"))),
          cell(peer, r -> mib(r.value("count." + count + ".heap.live"))),
          target, met));
    }
    return rows;
  }

  private String details(Scenario scenario, Map<String, ScenarioResult> bySide) {
    StringBuilder md = new StringBuilder("- ").append(scenario.title()).append(":\n");
    bySide.forEach((side, result) -> {
      md.append("  - ").append(side.equals(LakewardSide.NAME) ? "Lakeward" : "Iceberg peer").append(": ");
      if (!result.ok()) {
        md.append("failed: ").append(result.failure().get().replace('`', '\'')).append('\n');
        return;
      }
      if (scenario.isGroup()) {
        List<String> parts = new ArrayList<>();
        for (int count : settings.tableCounts()) {
          parts.add(String.format(Locale.ROOT, "%,d tables: passes %s (process CPU %s; %,d data files seen, peak "
                  + "heap in use %s)", count, joined(result.passNanos(count), PlanningReport::seconds),
              joined(result.passCpuNanos(count), PlanningReport::seconds), result.value("count." + count + ".files"),
              mib(result.value("count." + count + ".heap.used"))));
        }
        md.append(String.join("; ", parts)).append("; idle heap after warm-up ")
            .append(mib(result.value("heap.baseline"))).append(".\n");
      } else {
        String unit = side.equals(LakewardSide.NAME) ? "tasks" : "file groups";
        md.append(String.format(Locale.ROOT, "runs %s (process CPU %s, of it in the planning thread %s); planned %,d %s with %,d data files (%s) from %,d partitions "
                + "with data; %d collections and %,d ms of GC pause in the measured runs; peak heap in use %s; idle heap "
                + "after warm-up %s.%n",
            joined(result.totalNanos(), PlanningReport::seconds), joined(result.cpuNanos(), PlanningReport::seconds),
            joined(result.threadCpuNanos(), PlanningReport::seconds),
            result.value("tasks"), unit, result.value("files"),
            gib(result.value("bytes")), result.value("partitions"), result.value("gc.count"), result.value("gc.millis"),
            mib(result.value("heap.used")), mib(result.value("heap.baseline"))));
      }
    });
    return md.toString();
  }

  private static double perTable(ScenarioResult result, int count) {
    return ScenarioResult.median(result.passNanos(count)) / (double) count;
  }

  private static String perTableText(ScenarioResult result, int count) {
    return seconds(ScenarioResult.median(result.passNanos(count))) + String.format(Locale.ROOT, " (%.2f ms a table)",
        perTable(result, count) / 1e6);
  }

  private static String cell(ScenarioResult result, Function<ScenarioResult, String> value) {
    return result.ok() ? value.apply(result) : "failed";
  }

  private static String joined(List<Long> nanos, Function<Long, String> format) {
    return String.join(" / ", nanos.stream().map(format).toList());
  }

  private static String ratio(double mine, double theirs) {
    return String.format(Locale.ROOT, "%.2f", mine / theirs);
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s >= 10 ? String.format(Locale.ROOT, "%.1f s", s) : s >= 0.1
        ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
