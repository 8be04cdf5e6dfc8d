package io.lakeward.benchmarks.rewrite;

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

/** The results of one rewrite benchmark run, as a console table and as docs/benchmarks.md's section. */
final class RewriteReport {
  /** The targets: Lakeward no slower than Iceberg, and within this factor of the floor. */
  static final double FLOOR_TARGET = 1.2;

  private static final String[] TIME_HEADERS = {"case", "input", "Lakeward", "Iceberg", "floor", "Lakeward / Iceberg",
      "Lakeward / floor", "targets met"};

  private final RewriteSettings settings;
  private final Machine machine;
  private final ZonedDateTime date;
  private final String cpuShare;
  private final String warmUp;
  private final String generation;
  private final String optimizer;
  private final double minutes;
  private final List<CaseResult> results;
  private final Map<RewriteRunner.Window, String> profiles;

  RewriteReport(RewriteSettings settings, Machine machine, ZonedDateTime date, String cpuShare, String warmUp,
      String generation, String optimizer, double minutes, List<CaseResult> results, Map<RewriteRunner.Window, String> profiles) {
    this.settings = settings;
    this.machine = machine;
    this.date = date;
    this.cpuShare = cpuShare;
    this.warmUp = warmUp;
    this.generation = generation;
    this.optimizer = optimizer;
    this.minutes = minutes;
    this.results = List.copyOf(results);
    this.profiles = Map.copyOf(profiles);
  }

  /** False when any contestant produced wrong data (a failure to finish is reported, not an error). */
  boolean allCorrect() {
    return results.stream().flatMap(r -> r.runs().stream())
        .noneMatch(r -> r.failure().map(f -> f.startsWith("WRONG DATA")).orElse(false));
  }

  String consoleTable() {
    StringBuilder out = new StringBuilder();
    for (List<String> row : timeRows()) {
      out.append(String.join(" | ", row).replace("**", "")).append('\n');
    }
    out.append('\n');
    for (List<String> row : fileRows()) {
      out.append(String.join(" | ", row).replace("**", "")).append('\n');
    }
    return out.toString();
  }

  String markdownSection() {
    StringBuilder md = new StringBuilder();
    md.append("## Rewrite: per-byte compaction speed with Spark\n\n");
    md.append("Written by `benchmarks/run.sh rewrite" + command() + "` on ")
        .append(date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append(", Lakeward at ").append(settings.revision()).append(String.format(Locale.ROOT, " (%.0f minutes)", minutes))
        .append(". Rerun it to refresh this section.\n\n");
    md.append(String.format(Locale.ROOT, "Scale: %s in %,d data files per case (generated: about %s a file), "
        + "target file size %s. ", mib(settings.bytes()), settings.files(), mib(settings.bytes() / settings.files()),
        mib(settings.targetSize())));
    md.append("Spark: every Spark JVM is started by the same `spark-submit` (").append(settings.spark().describe())
        .append(").\n\n");
    md.append("Machine: ").append(machine.describe()).append(" (the benchmark's parent JVM; the work runs in child "
        + "JVMs); during the run: ").append(cpuShare).append(" (others' share above a few percent means a shared, "
        + "busier machine: compare runs with care).\n\n");
    table(md, timeRows(), "|---|---:|---:|---:|---:|---:|---:|---|");
    md.append("\nTimes are wall clock of one run per contestant and case; rates are the case's input (data and delete "
        + "files) per second. Ratios above 1: Lakeward is slower. Targets (from the issue): Lakeward no slower than "
        + "Iceberg (ratio ≤ 1) and within ").append(FLOOR_TARGET).append("× of the floor, in every case; Lakeward "
        + "leaves no delete file behind.\n\n");
    table(md, fileRows(), "|---|---:|---:|---:|---:|---:|");
    md.append("\nFiles after: what the table's current snapshot holds. Delete files count every delete file the "
        + "snapshot still carries, dangling ones (applying to no live data file) included; Iceberg's in brackets: "
        + "after its `RemoveDanglingDeleteFiles` action, run afterwards and timed separately (details). CPU: the "
        + "rewriting JVM's CPU time (all threads, GC and JIT included) during the measured step: Lakeward's Spark "
        + "optimizer, plus in brackets the AMS (planning, commit); Iceberg's and the floor's: the Spark engine JVM.\n\n");
    method(md);
    details(md);
    return md.toString();
  }

  private List<List<String>> timeRows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of(TIME_HEADERS));
    for (CaseResult result : results) {
      Optional<ContestantRun> lakeward = result.run(Contestant.LAKEWARD);
      Optional<ContestantRun> iceberg = result.run(Contestant.ICEBERG);
      Optional<ContestantRun> floor = result.run(Contestant.FLOOR);
      String vsIceberg = ratio(lakeward, iceberg);
      String vsFloor = ratio(lakeward, floor);
      rows.add(List.of(result.rewriteCase().describe(settings),
          mib(result.inputBytes()) + String.format(Locale.ROOT, " (%s + %s delete files)",
              result.source().get("data-files"), result.source().get("delete-files")),
          timeCell(lakeward, result), timeCell(iceberg, result), timeCell(floor, result), vsIceberg, vsFloor,
          targets(lakeward, iceberg, floor)));
    }
    return rows;
  }

  private List<List<String>> fileRows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("case", "data files after: Lakeward / Iceberg / floor", "delete files after: Lakeward / Iceberg",
        "CPU: Lakeward (+ AMS)", "CPU: Iceberg", "CPU: floor"));
    for (CaseResult result : results) {
      ContestantRun lakeward = result.run(Contestant.LAKEWARD).orElseThrow();
      ContestantRun iceberg = result.run(Contestant.ICEBERG).orElseThrow();
      ContestantRun floor = result.run(Contestant.FLOOR).orElseThrow();
      String icebergDeletes = files(iceberg, "delete-files")
          + (iceberg.details().containsKey("delete-files-after-dangling")
              ? " (" + iceberg.detail("delete-files-after-dangling") + ")" : "");
      String lakewardDeletes = files(lakeward, "delete-files");
      if (lakeward.ok() && lakeward.value("delete-files") > 0) {
        lakewardDeletes = "**" + lakewardDeletes + "**";
      }
      rows.add(List.of(result.rewriteCase().id(),
          files(lakeward, "data-files") + " / " + files(iceberg, "data-files") + " / " + files(floor, "data-files"),
          lakewardDeletes + " / " + icebergDeletes,
          lakeward.ok() ? String.format(Locale.ROOT, "%.1f s (+ %.1f s)", lakeward.cpuSeconds(), lakeward.amsCpuSeconds())
              : "n/a",
          iceberg.ok() ? String.format(Locale.ROOT, "%.1f s", iceberg.cpuSeconds()) : "n/a",
          floor.ok() ? String.format(Locale.ROOT, "%.1f s", floor.cpuSeconds()) : "n/a"));
    }
    return rows;
  }

  private static String files(ContestantRun run, String key) {
    return run.after().containsKey(key) ? run.after().get(key) : "n/a";
  }

  private static String timeCell(Optional<ContestantRun> run, CaseResult result) {
    if (run.isEmpty()) {
      return "not run";
    }
    if (!run.get().ok()) {
      return "**failed** after " + seconds(run.get().seconds()) + ": " + run.get().failure().get();
    }
    double rate = result.inputBytes() / (1024.0 * 1024) / run.get().seconds();
    return seconds(run.get().seconds()) + String.format(Locale.ROOT, " (%.1f MiB/s)", rate);
  }

  private static String ratio(Optional<ContestantRun> lakeward, Optional<ContestantRun> other) {
    if (lakeward.isEmpty() || other.isEmpty() || !lakeward.get().ok() || !other.get().ok()) {
      return "n/a";
    }
    return io.lakeward.benchmarks.spark.Sizes.ratio(lakeward.get().seconds() / other.get().seconds());
  }

  private static String targets(Optional<ContestantRun> lakeward, Optional<ContestantRun> iceberg,
      Optional<ContestantRun> floor) {
    if (lakeward.isEmpty() || !lakeward.get().ok()) {
      return "**no**: Lakeward did not finish";
    }
    List<String> missed = new ArrayList<>();
    if (iceberg.isPresent() && iceberg.get().ok() && lakeward.get().seconds() > iceberg.get().seconds()) {
      missed.add("slower than Iceberg");
    }
    if (floor.isPresent() && floor.get().ok() && lakeward.get().seconds() > FLOOR_TARGET * floor.get().seconds()) {
      missed.add(String.format(Locale.ROOT, "over %.1f× the floor", FLOOR_TARGET));
    }
    if (lakeward.get().value("delete-files") > 0) {
      missed.add("left delete files");
    }
    return missed.isEmpty() ? "yes" : "**no**: " + String.join(", ", missed);
  }

  private void method(StringBuilder md) {
    md.append("### What was measured\n\n");
    md.append(String.format(Locale.ROOT, "- Data (generated once, in %s, not timed): a base table written by Spark "
        + "in 20 appends of equally many files (one Spark partition a file), rows of `%s` whose every column is a "
        + "function of `id` and `version` (a 64-character hex payload, a timestamp, a 50-value category, numbers), "
        + "Parquet with zstd (Iceberg's default), format v2, unpartitioned. The plain and sort cases use it as it is "
        + "(sort: the contestants' tables get the sort order `category, ts`, the data stays unsorted). Position "
        + "deletes: a copy of it plus a Spark `DELETE` (merge-on-read, Iceberg's default file-scoped position deletes) "
        + "of the rows with `pmod(xxhash64(id, 7), 1000) < %d`. Equality deletes: a copy plus %d upsert commits as a "
        + "CDC sink makes them (an equality-delete file on `id` and a data file with the new versions, one row delta "
        + "each; Iceberg's generic writers), together replacing %.1f%% of the keys, drawn uniformly. That share is "
        + "small on purpose: the keys are spread over every file, so no engine can skip a data file for any delete "
        + "file, and the work grows with data files × deleted keys (at 10%% of the keys, a 128 MiB table took every "
        + "contestant minutes and the full size would take hours).%n", generation,
        io.lakeward.benchmarks.engine.RowModel.SCHEMA, settings.deletePermille(), settings.upsertBatches(),
        settings.upsertPermille() / 10.0));
    md.append("- Every contestant works on a table of its own holding the very same files: the source's commits are "
        + "committed again to it metadata-only (the same data and delete files, the same order of sequence numbers). "
        + "The files are read from the OS page cache by everyone (written moments before; the machine has RAM to "
        + "spare). Contestants run one after the other, their order rotating from case to case. "
        + (settings.warmUp() ? "Before the cases, a plain case at 1/16 of the size went through every contestant "
            + "untimed (in " + warmUp + "), so no JVM is measured cold. " : "")
        + "After every run the table's live rows are compared with the generator's (row count and the sum of an "
        + "xxhash64 of every column, as decimals); a mismatch is reported as WRONG DATA and fails the run.\n");
    md.append("- **Lakeward**: ").append(optimizer).append(", ").append(settings.parallelism()).append(" task slots, "
        + "started and registered with the AMS (a child JVM on embedded Derby, planning, evaluation and supervision "
        + "every 1 s) before anything is timed, so Spark's start-up is excluded here as for Iceberg. Timed: from the "
        + "REST trigger of a FULL optimizing (`POST .../optimizing/trigger`) to the moment the benchmark sees the "
        + "process SUCCESS (polled every 100 ms), that is planning, handing out tasks, the rewrite on the executors "
        + "(tasks without equality deletes: Spark jobs of Iceberg's vectorized reader and Spark writer, one Spark task per "
        + "output file; tasks with equality deletes: one Spark task rewriting row by row with Iceberg's generic "
        + "readers and writers) and the commit. Table "
        + "properties: `self-optimizing.target-size` and `max-task-size-bytes` = the target size, `quota` = all "
        + "slots (the default 0.5 would give one table one of the two), `enabled=false` so that nothing starts before "
        + "the trigger (a requested optimizing runs anyway); all else default.\n");
    md.append("- **Iceberg**: `SparkActions.get(spark).rewriteDataFiles(table)` with `.binPack()` (`.sort()` with the "
        + "table's sort order in the sort case), options `rewrite-all=true` and `target-file-size-bytes` = the target "
        + "size, everything else default (one file group; `use-starting-sequence-number`, no partial progress), in "
        + "the Spark engine JVM (the same spark-submit, master and driver memory as the optimizer). Timed: the "
        + "`execute()` call, planning and commit included. In the delete cases, `RemoveDanglingDeleteFiles` runs "
        + "afterwards (timed apart, in the details): that is what Iceberg offers to drop the delete files a "
        + "rewrite leaves behind (`remove-dangling-deletes=true` on the rewrite does the same within it). It decides "
        + "by sequence numbers, and the rewritten files keep the data sequence number of the starting snapshot, which "
        + "the last deletes share, so it cannot tell them dangling; on an unpartitioned table it returns at once "
        + "(Iceberg drops deletes older than every data file at each commit instead).\n");
    md.append("- **Floor**: in the same engine, `spark.read` of the source table (deletes applied by Iceberg's "
        + "vectorized reader) in splits of the target size (`split-size`, `file-open-cost=0`), sorted within each "
        + "split in the sort case (Lakeward also sorts each task on its own; Iceberg's sort strategy shuffles one "
        + "global order), appended to a new table (`write.distribution-mode=none`): one right-sized file per split, "
        + "no rewrite planning, no replace validation. Timed: read, write and commit.\n");
    md.append("- Unfair to Lakeward: its time includes the AMS round trips (trigger, planning tick, task polling every "
        + "200 ms, commit by the AMS), which Iceberg's in-process action does not have. Unfair to Iceberg: its "
        + "JVM also holds the warm Spark session that generated the data; Lakeward's optimizer had only the "
        + "warm-up. Both contestants leave the files they replaced on disk (no snapshot expiry).\n\n");
  }

  private void details(StringBuilder md) {
    md.append("### Details\n\n");
    for (CaseResult result : results) {
      md.append("- ").append(result.rewriteCase().id()).append(": source ").append(result.source().get("data-files"))
          .append(" data files (").append(mib(Long.parseLong(result.source().get("data-bytes")))).append(", ")
          .append(String.format(Locale.ROOT, "%,d", Long.parseLong(result.source().get("data-records"))))
          .append(" records) and ").append(result.source().get("delete-files")).append(" delete files (")
          .append(mib(Long.parseLong(result.source().get("delete-bytes")))).append("); ")
          .append(String.format(Locale.ROOT, "%,d", Long.parseLong(result.source().get("live-rows"))))
          .append(" live rows.\n");
      for (ContestantRun run : result.runs()) {
        md.append("  - ").append(run.contestant().title()).append(": ").append(runDetails(run)).append('\n');
        profiles.forEach((window, profile) -> {
          if (window.label().equals(result.rewriteCase().tablePrefix()) && window.contestant() == run.contestant()) {
            md.append("    - CPU samples: ").append(profile).append('\n');
          }
        });
      }
    }
  }

  private static String runDetails(ContestantRun run) {
    StringBuilder out = new StringBuilder();
    if (run.after().containsKey("data-files")) {
      out.append(String.format(Locale.ROOT, "%s data files after (%s to %s), sort order ids of the files: %s "
          + "(table: %s)", run.after().get("data-files"), mib(run.value("smallest-file")), mib(run.value("largest-file")),
          run.after().get("sort-order-ids"), run.after().get("table-sort-order-id")));
    }
    Map<String, String> d = run.details();
    switch (run.contestant()) {
      case LAKEWARD -> {
        if (d.containsKey("tasks")) {
          out.append(String.format(Locale.ROOT, "; process %s: %s tasks over %s data and %s delete files; trigger to "
              + "planned %s ms, to first task handed out %s ms more, tasks running %s ms (sum of task durations %s ms), "
              + "commit %s ms", d.get("process-id"), d.get("tasks"), d.get("input-files"), d.get("input-delete-files"),
              d.get("plan-ms"), d.getOrDefault("wait-ms", "?"), d.getOrDefault("execute-ms", "?"),
              d.getOrDefault("task-ms-sum", "?"), d.getOrDefault("commit-ms", "?")));
        }
      }
      case ICEBERG -> {
        out.append(String.format(Locale.ROOT, "; rewrote %s data files (%s) into %s, removed %s delete files",
            d.get("rewritten-data-files"), mib(Long.parseLong(d.getOrDefault("rewritten-bytes", "0"))),
            d.get("added-data-files"), d.get("removed-delete-files")));
        if (d.containsKey("dangling-seconds")) {
          out.append(String.format(Locale.ROOT, "; then RemoveDanglingDeleteFiles in %s s removed %s delete files, "
              + "%s left", d.get("dangling-seconds"), d.get("dangling-removed"), d.get("delete-files-after-dangling")));
        }
      }
      case FLOOR -> { }
      default -> { }
    }
    run.failure().ifPresent(f -> out.append("; **failed**: ").append(f));
    return out.toString();
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
