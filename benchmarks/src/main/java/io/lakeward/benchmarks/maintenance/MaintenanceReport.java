package io.lakeward.benchmarks.maintenance;

import static io.lakeward.benchmarks.spark.Sizes.mib;
import static io.lakeward.benchmarks.spark.Sizes.ratio;
import static io.lakeward.benchmarks.spark.Sizes.seconds;

import io.lakeward.benchmarks.Machine;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The results of one maintenance benchmark run, as a console table and as docs/benchmarks.md's section. */
final class MaintenanceReport {
  private static final String[] HEADERS = {"action", "contestant", "time", "CPU", "peak heap in use",
      "peak heap after GC", "heap limit", "files deleted", "files left", "safe", "complete"};
  private static final String[] RATIO_HEADERS = {"action", "Lakeward / Iceberg: time (CPU)",
      "Lakeward peak heap in use / after GC", "both left the same files", "targets met"};

  private final MaintenanceSettings settings;
  private final Machine machine;
  private final ZonedDateTime date;
  private final String cpuShare;
  private final double minutes;
  private final MaintenanceRunner.Outcome outcome;

  MaintenanceReport(MaintenanceSettings settings, Machine machine, ZonedDateTime date, String cpuShare, double minutes,
      MaintenanceRunner.Outcome outcome) {
    this.settings = settings;
    this.machine = machine;
    this.date = date;
    this.cpuShare = cpuShare;
    this.minutes = minutes;
    this.outcome = outcome;
  }

  /** False when a contestant deleted a file it had to keep: the numbers of an unsafe run mean nothing. */
  boolean allSafe() {
    return outcome.runs().stream().allMatch(r -> r.check().map(ActionCheck::safe).orElse(true));
  }

  String consoleTable() {
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows()) {
      out.append(String.join(" | ", row).replace("**", "")).append('\n');
    }
    out.append('\n');
    for (List<String> row : ratioRows()) {
      out.append(String.join(" | ", row).replace("**", "")).append('\n');
    }
    return out.toString();
  }

  String markdownSection() {
    GeneratedTable table = outcome.table();
    StringBuilder md = new StringBuilder();
    md.append("## Maintenance: ").append(title()).append("\n\n");
    md.append("Written by `benchmarks/run.sh maintenance").append(command()).append("` on ")
        .append(date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append(", Lakeward at ").append(settings.revision())
        .append(String.format(Locale.ROOT, " (%.0f minutes). Rerun it to refresh this section.%n%n", minutes));
    md.append(String.format(Locale.ROOT, "Table: %,d data files committed in %,d snapshots over %d days, %,d files on "
        + "disk in all (%s), %,d of the orphans old enough to go; details below. Both contestants use `%s` on the "
        + "local disk.%n%n", table.lastNeeded().dataFiles(), table.snapshots(), settings.history().toDays(),
        outcome.filesByKind().values().stream().mapToLong(Long::longValue).sum(), kinds(),
        table.oldOrphans().size(), settings.fileIo().equals(TableAccess.HADOOP) ? "HadoopFileIO" : "LocalFileIO"));
    md.append("Machine: ").append(machine.describe()).append(" (the benchmark's parent JVM; every action runs in a "
        + "child JVM); during the run: ").append(cpuShare).append(" (others' share above a few percent means a shared, "
        + "busier machine: compare runs with care).\n\n");
    table(md, rows(), "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
    md.append('\n');
    table(md, ratioRows(), "|---|---:|---:|---|---|");
    md.append("\nOne run per contestant and action, wall clock of the action alone. Ratios below 1: Lakeward is "
        + "faster. Targets (from the issue): Lakeward no slower than Iceberg's action, with the AMS's heap under "
        + settings.heap() + " (Lakeward runs with `-Xmx" + settings.heap() + " -XX:+ExitOnOutOfMemoryError`: finishing "
        + "at all proves the bound). Safe: every file the table still needs exists and nothing that had to stay "
        + "went. Complete: everything that had to go went.\n\n");
    method(md);
    details(md);
    return md.toString();
  }

  private List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(HEADERS));
    for (ActionRun run : outcome.runs()) {
      Optional<ActionCheck> check = run.check();
      rows.add(List.of(run.action(), run.side(),
          run.ok() ? seconds(run.seconds()) : "**failed**: " + run.failure().get() + " (its JVM ended after "
              + seconds(run.processSeconds()) + ")",
          run.ok() ? seconds(run.cpuSeconds()) : "n/a",
          run.heapPeakUsed() > 0 ? mib(run.heapPeakUsed()) : "n/a",
          run.heapPeakAfterGc() > 0 ? mib(run.heapPeakAfterGc()) : "n/a",
          run.heapMax() > 0 ? mib(run.heapMax()) : "n/a",
          check.map(c -> String.format(Locale.ROOT, "%,d", c.deletedFiles())).orElse("n/a"),
          check.map(c -> String.format(Locale.ROOT, "%,d", c.left())).orElse("n/a"),
          check.map(c -> c.safe() ? "yes" : "**no**").orElse("n/a"),
          check.map(c -> c.complete() ? "yes" : "**no** (" + c.leftBehind() + " left)").orElse("n/a")));
    }
    return rows;
  }

  private List<List<String>> ratioRows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(RATIO_HEADERS));
    for (String action : outcome.agreement().keySet()) {
      Optional<ActionRun> lakeward = run(ContestantLauncher.LAKEWARD, action);
      Optional<ActionRun> iceberg = run(ContestantLauncher.ICEBERG, action);
      boolean both = lakeward.map(ActionRun::ok).orElse(false) && iceberg.map(ActionRun::ok).orElse(false);
      String ratios = both ? ratio(lakeward.get().seconds() / iceberg.get().seconds()) + " ("
          + ratio(lakeward.get().cpuSeconds() / iceberg.get().cpuSeconds()) + ")" : "n/a";
      String heap = lakeward.filter(ActionRun::ok).map(r -> mib(r.heapPeakUsed()) + " / " + mib(r.heapPeakAfterGc()))
          .orElse("n/a");
      rows.add(List.of(action, ratios, heap, outcome.agreement().get(action), targets(lakeward, iceberg)));
    }
    return rows;
  }

  private static String targets(Optional<ActionRun> lakeward, Optional<ActionRun> iceberg) {
    if (lakeward.isEmpty() || !lakeward.get().ok()) {
      return "**no**: Lakeward did not finish" + lakeward.flatMap(ActionRun::failure).map(f -> " (" + f + ")")
          .orElse("");
    }
    List<String> missed = new ArrayList<>();
    if (iceberg.isPresent() && iceberg.get().ok() && lakeward.get().seconds() > iceberg.get().seconds()) {
      missed.add("slower than Iceberg");
    }
    if (lakeward.get().check().map(c -> !c.safe()).orElse(false)) {
      missed.add("unsafe");
    }
    if (lakeward.get().check().map(c -> !c.complete()).orElse(false)) {
      missed.add("incomplete");
    }
    return missed.isEmpty() ? "yes" : "**no**: " + String.join(", ", missed);
  }

  private void method(StringBuilder md) {
    GeneratedTable table = outcome.table();
    GeneratedTable.Kinds kinds = table.lastNeeded();
    long[] freed = outcome.expectedFreed();
    md.append("### What was measured\n\n");
    md.append(String.format(Locale.ROOT, "- The table (generated once, in %.0f s, not timed; then a hard-link copy for "
        + "each contestant in %.0f s): an event stream partitioned by `day(ts)`, format v2, whose history is %,d "
        + "snapshots, one every %.1f minutes over %d days: fast appends (one manifest each) and, every %s snapshot, "
        + "a compaction that replaces every file the appends since the previous one added (the new files' manifest "
        + "plus, per source manifest, one with its entries DELETED, as Iceberg's RewriteFiles writes them; compacted "
        + "files' manifests merged once there are 100). So the newest snapshot needs few files and most files are "
        + "needed only by old snapshots. In all %,d data files, %,d manifests, %,d manifest lists and %d metadata "
        + "file(s) (the snapshots were added 1,000 per metadata file with Iceberg's `TableMetadata` builder, manifests "
        + "and manifest lists written with Iceberg's writers: 10,000 commits through a catalog would rewrite a "
        + "metadata file growing with the history every time). Data files are empty on disk (neither action reads "
        + "one), their manifest entries carry sizes and column metrics as a writer records them; every file's "
        + "modification time is its snapshot's timestamp.%n", table.seconds(), outcome.copySeconds(),
        table.snapshots(), settings.history().toMinutes() / (double) table.snapshots(), settings.history().toDays(),
        ordinal(settings.compactionEvery()), kinds.dataFiles(), kinds.manifestFiles(), kinds.manifestLists(),
        table.metadataFiles()));
    md.append(String.format(Locale.ROOT, "- Orphans: %,d files no metadata references (%d%% of the data files), named "
        + "like the table's own, %d%% of them in the metadata folder (as manifests, manifest lists and metadata "
        + "files), the rest in the data partitions; %,d modified at random moments of the history before the minimum "
        + "age (they must go), %,d within the last two hours (they must stay).%n",
        table.oldOrphans().size() + table.youngOrphans().size(), settings.orphanPercent(),
        settings.metadataOrphanPercent(), table.oldOrphans().size(), table.youngOrphans().size()));
    md.append(String.format(Locale.ROOT, "- Settings, the same on both sides, from one fixed \"now\" (Lakeward's clock is "
        + "fixed to it): orphans older than %d minutes go (Lakeward: `clean-orphan-file.min-existing-time-minutes=%d`; "
        + "Iceberg: `olderThan(now - %d min)`); snapshots older than %d minutes expire, the newest %d kept anyway "
        + "(Lakeward: `snapshot.keep.duration=%dmin`, `snapshot.keep.min-count=%d`; Iceberg: `expireOlderThan(now - "
        + "%d min).retainLast(%d)`). Expected: expiration keeps %,d snapshots and frees %,d data files, %,d "
        + "manifests and %,d manifest lists.%n", settings.orphanMinAge().toMinutes(), settings.orphanMinAge().toMinutes(),
        settings.orphanMinAge().toMinutes(), settings.keep().toMinutes(), settings.keepMinCount(),
        settings.keep().toMinutes(), settings.keepMinCount(), settings.keep().toMinutes(), settings.keepMinCount(),
        table.snapshots() - outcome.firstRetained(), freed[0], freed[1], freed[2]));
    md.append("- **Lakeward**: the AMS's maintainers called directly, as the maintenance service calls them (`new "
        + "OrphanFileCleaning().maintain(context)`, `new SnapshotExpiration().maintain(context)`: the loaded table, "
        + "its maintenance properties, no protected snapshots, not a dry run), each in a JVM of its own with `-Xmx"
        + settings.heap() + "` (the AMS's bound under test)" + (settings.jvmOptions().isEmpty() ? ""
            : " and `" + String.join(" ", settings.jvmOptions()) + "`") + " and the AMS's class path.\n");
    md.append("- **Iceberg**: `SparkActions.get(spark).deleteOrphanFiles(table).olderThan(...).execute()` and "
        + "`expireSnapshots(table).expireOlderThan(...).retainLast(n).execute()`, all else default, each in a Spark "
        + "driver of its own started by " + settings.spark().describe() + ".\n");
    md.append("- Both open the table through the same table operations (the pointer to the current metadata file "
        + "sits outside the table's location, so no cleaner sees it) and the same FileIO. Per contestant: orphan "
        + "cleaning, then expiration, on its own copy; Iceberg's copy first. Timed: the action alone, not the JVM's "
        + "or Spark's start-up nor loading the table. CPU: the action's JVM, all threads (Spark's executors run in "
        + "the driver in local mode), collector and JIT included.\n");
    md.append("- Heap: the collectors report the heap before and after every collection (JMX, heap pools). Peak "
        + "heap in use: the largest before a collection, garbage included, at most the limit. Peak heap after GC: "
        + "the largest left after a collection during the action, an estimate of what the action held at once "
        + "(natural collections only, no forced ones during the timed run).\n");
    md.append("- Checks after every action, from the disk and the metadata, independent of both contestants: every "
        + "file the table's remaining snapshots need exists (current metadata file, manifest lists, manifests, live "
        + "data files); orphan cleaning deleted exactly the old orphans; expiration deleted exactly the data files, "
        + "manifests and manifest lists that only expired snapshots needed, and no orphan. Then the two copies' "
        + "remaining generated files are compared (files the actions wrote themselves, new metadata and checksum "
        + "files, are named at random and left out).\n\n");
  }

  private void details(StringBuilder md) {
    md.append("### Details\n\n");
    for (ActionRun run : outcome.runs()) {
      md.append("- ").append(run.side()).append(", ").append(run.action()).append(": ");
      md.append(String.format(Locale.ROOT, "%d collections (%.1f s of pauses)", run.gcCount(), run.gcMillis() / 1000.0));
      run.check().ifPresent(c -> md.append(String.format(Locale.ROOT, "; deleted %s, wrote %d files, %,d snapshots "
          + "left", c.deleted(), c.written(), c.snapshots())).append(c.examples().isEmpty() ? ""
          : "; " + c.examples()));
      if (!run.counters().isEmpty()) {
        md.append("; reported: ").append(shortened(run.counters()));
      }
      run.failure().ifPresent(f -> md.append("; **failed**: ").append(f));
      md.append('\n');
    }
  }

  /** What ran, and any Lakeward heap other than the bound, so that a variant's section says what it is. */
  private String title() {
    String actions = settings.cleanOrphans() && settings.expireSnapshots() ? "orphan cleaning and snapshot expiration"
        : settings.cleanOrphans() ? "orphan cleaning" : "snapshot expiration";
    String heap = settings.heap().equalsIgnoreCase(MaintenanceSettings.DEFAULT_HEAP) ? ""
        : ", Lakeward with -Xmx" + settings.heap() + " (the issue's bound: " + MaintenanceSettings.DEFAULT_HEAP + ")";
    return actions + " on a large table" + heap;
  }

  /** The counters with a summary cut short: Lakeward's names example paths. */
  private static Map<String, String> shortened(Map<String, String> counters) {
    Map<String, String> out = new TreeMap<>(counters);
    out.computeIfPresent("summary", (k, v) -> v.length() <= 240 ? v : v.substring(0, 240) + "…");
    return out;
  }

  private static String ordinal(int n) {
    String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return n + suffix;
  }

  private String kinds() {
    List<String> parts = new ArrayList<>();
    outcome.filesByKind().forEach((kind, count) -> parts.add(String.format(Locale.ROOT, "%,d %s", count, kind)));
    return String.join(", ", parts);
  }

  private Optional<ActionRun> run(String side, String action) {
    return outcome.runs().stream().filter(r -> r.side().equals(side) && r.action().equals(action)).findFirst();
  }

  /** The -D options the run was given (benchmarks/run.sh passes them on), so it can be repeated. */
  private static String command() {
    String args = System.getProperty("bench.args", "").trim();
    return args.isEmpty() ? "" : " " + args;
  }

  private static void table(StringBuilder md, List<List<String>> rows, String separator) {
    md.append("| ").append(String.join(" | ", rows.get(0))).append(" |\n").append(separator).append('\n');
    rows.stream().skip(1).forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
  }
}
