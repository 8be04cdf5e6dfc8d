package io.lakeward.benchmarks.ingestion;

import static io.lakeward.benchmarks.spark.Sizes.mib;

import io.lakeward.benchmarks.Machine;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results of one ingestion benchmark run, as a console summary and as docs/benchmarks.md's section. */
final class IngestionReport {
  /** The targets: at least this many times fewer bytes rewritten and CPU seconds than periodic rewrites. */
  static final double SAVING_TARGET = 2;
  /** ... and the final query set within this factor of right-sized data. */
  static final double QUERY_TARGET = 1.1;

  private final IngestionSettings settings;
  private final Machine machine;
  private final ZonedDateTime date;
  private final String cpuShare;
  private final String optimizer;
  private final double minutes;
  private final SideResult lakeward;
  private final List<SideResult> iceberg;
  private final Map<String, String> reference;
  private final Map<String, String> referenceCheck;
  private final Map<String, String> queries;

  IngestionReport(IngestionSettings settings, Machine machine, ZonedDateTime date, String cpuShare, String optimizer,
      double minutes, SideResult lakeward, List<SideResult> iceberg, Map<String, String> reference,
      Map<String, String> referenceCheck, Map<String, String> queries) {
    this.settings = settings;
    this.machine = machine;
    this.date = date;
    this.cpuShare = cpuShare;
    this.optimizer = optimizer;
    this.minutes = minutes;
    this.lakeward = lakeward;
    this.iceberg = List.copyOf(iceberg);
    this.reference = Map.copyOf(reference);
    this.referenceCheck = Map.copyOf(referenceCheck);
    this.queries = Map.copyOf(queries);
  }

  boolean allCorrect() {
    return lakeward.correct() && iceberg.stream().allMatch(SideResult::correct)
        && Boolean.parseBoolean(referenceCheck.getOrDefault("match", "false"));
  }

  String consoleSummary() {
    StringBuilder out = new StringBuilder();
    for (List<String> row : summaryRows()) {
      out.append(String.join(" | ", row).replace("**", "")).append('\n');
    }
    out.append('\n');
    for (List<String> row : targetRows()) {
      out.append(String.join(" | ", row).replace("**", "")).append('\n');
    }
    return out.toString();
  }

  String markdownSection() {
    StringBuilder md = new StringBuilder();
    md.append("## Continuous ingestion: self-optimizing next to periodic rewrites\n\n");
    md.append("Written by `benchmarks/run.sh ingestion" + command() + "` on ")
        .append(date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append(", Lakeward at ").append(settings.revision()).append(String.format(Locale.ROOT, " (%.0f minutes)", minutes))
        .append(". Rerun it to refresh this section.\n\n");
    md.append(String.format(Locale.ROOT, "Scale: %d commits, one every %d s, each %,d new rows plus (from the second "
        + "on) %,d upserts of existing keys; Iceberg's RewriteDataFiles after every %d commits; target file size %s. "
        + "Spark: %s.%n%n", settings.batches(), settings.commitInterval().toSeconds(), settings.inserts(),
        settings.upserts(), settings.rewriteEvery(), mib(settings.targetSize()), settings.spark().describe()));
    md.append("Machine: ").append(machine.describe()).append(" (the benchmark's parent JVM; the work runs in child "
        + "JVMs); during the run: ").append(cpuShare).append(" (others' share above a few percent means a shared, "
        + "busier machine: compare runs with care).\n\n");
    table(md, summaryRows());
    md.append('\n');
    table(md, targetRows());
    md.append("\nBytes rewritten: the sizes of the files added by rewrite commits (snapshots with operation `replace`: "
        + "Lakeward's optimizing commits, Iceberg's rewrites and dangling-delete removals), summed over the table's "
        + "history; bytes replaced: the sizes of the files those commits removed (data and delete files). CPU: the "
        + "optimizing JVM over the whole phase, idle time included: Lakeward's Spark optimizer (and in brackets the "
        + "AMS, which also served the writer's catalog calls and commits, so an upper bound of its optimizing "
        + "work), and the JVM running Iceberg's rewrites (planning and commits included).\n\n");
    md.append("### Files over time\n\n");
    table(md, sampleRows());
    md.append("\nData files / delete files of the current snapshot after that many commits (delete files: every one "
        + "the snapshot carries).\n\n");
    md.append("### Query set at the end\n\n");
    table(md, queryRows());
    md.append(String.format(Locale.ROOT, "%nMedian of %d rounds (after one discarded), each round every query on every "
        + "table in turn, in the writer's Spark engine; point lookups are 5 `SELECT * ... WHERE id = k` one after the "
        + "other. Right-sized: the same rows read from Lakeward's table and written once in target-size splits "
        + "(%s data files, %s).%n%n", settings.queryRepeats(), reference.get("data-files"),
        mib(Long.parseLong(reference.getOrDefault("data-bytes", "0")))));
    method(md);
    details(md);
    return md.toString();
  }

  private List<SideResult> sides() {
    List<SideResult> sides = new ArrayList<>();
    sides.add(lakeward);
    sides.addAll(iceberg);
    return sides;
  }

  private List<List<String>> summaryRows() {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of(""));
    sides().forEach(s -> header.add(s.name()));
    rows.add(header);
    rows.add(row("bytes rewritten (written by rewrites)", s -> mib(s.historyLong("rewritten-bytes-written"))));
    rows.add(row("bytes replaced by rewrites", s -> mib(s.historyLong("rewritten-bytes-removed"))));
    rows.add(row("rewrite commits", s -> s.history().get("rewrite-commits")));
    rows.add(row("optimizing CPU", s -> s == lakeward
        ? String.format(Locale.ROOT, "%.0f s (+ AMS %.0f s)", s.maintainerCpuSeconds(), s.amsCpuSeconds())
        : String.format(Locale.ROOT, "%.0f s", s.maintainerCpuSeconds())));
    rows.add(row("after the last commit", s -> s == lakeward
        ? (s.settled() ? String.format(Locale.ROOT, "nothing pending after %.0f s", s.catchUpSeconds())
            : String.format(Locale.ROOT, "**still pending after %.0f s**", s.catchUpSeconds()))
        : String.format(Locale.ROOT, "last rewrite done after %.0f s", s.catchUpSeconds())));
    rows.add(row("final data files / delete files (of them still applying)", s -> s.files().get("data-files") + " / "
        + s.files().get("delete-files") + " (" + s.files().get("live-delete-files") + ")"));
    rows.add(row("final data", s -> mib(s.filesLong("data-bytes")) + " (files of " + mib(s.filesLong("smallest-file"))
        + " to " + mib(s.filesLong("largest-file")) + ")"));
    rows.add(row("query set (sum of medians)", s -> String.format(Locale.ROOT, "%.2f s (%.2f× right-sized)",
        queryTotal(s.table()), queryTotal(s.table()) / queryTotal(IngestionRunner.REFERENCE_TABLE))));
    rows.add(row("content check", s -> s.correct() ? "ok (" + s.verify().get("rows") + " rows)"
        : "**WRONG DATA**: " + s.verify()));
    return rows;
  }

  private List<List<String>> targetRows() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("target", "compared with", "Lakeward rewrote / used", "met"));
    double written = lakeward.historyLong("rewritten-bytes-written");
    for (SideResult other : iceberg) {
      double bytes = other.historyLong("rewritten-bytes-written") / Math.max(1, written);
      rows.add(List.of(String.format(Locale.ROOT, "≥ %.0f× fewer bytes rewritten", SAVING_TARGET), other.name(),
          fewer(bytes), bytes >= SAVING_TARGET ? "yes" : "**no**"));
      double cpu = other.maintainerCpuSeconds() / lakeward.maintainerCpuSeconds();
      double cpuWithAms = other.maintainerCpuSeconds() / (lakeward.maintainerCpuSeconds() + lakeward.amsCpuSeconds());
      rows.add(List.of(String.format(Locale.ROOT, "≥ %.0f× fewer optimizer CPU seconds", SAVING_TARGET), other.name(),
          fewer(cpu) + " (" + fewer(cpuWithAms) + " counting the whole AMS)",
          cpu >= SAVING_TARGET ? (cpuWithAms >= SAVING_TARGET ? "yes" : "yes, not counting the AMS") : "**no**"));
    }
    double query = queryTotal(lakeward.table()) / queryTotal(IngestionRunner.REFERENCE_TABLE);
    rows.add(List.of(String.format(Locale.ROOT, "query set ≤ %.1f× right-sized", QUERY_TARGET), "right-sized data",
        String.format(Locale.ROOT, "%.2f×", query), query <= QUERY_TARGET && lakeward.settled() ? "yes" : "**no**"));
    return rows;
  }

  /** "1.51× fewer" for a ratio of 1.51 (other / Lakeward), "1.43× more" for 0.70. */
  private static String fewer(double ratio) {
    return ratio >= 1 ? String.format(Locale.ROOT, "%.2f× fewer", ratio)
        : String.format(Locale.ROOT, "%.2f× more", 1 / ratio);
  }

  private List<List<String>> sampleRows() {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("commits"));
    sides().forEach(s -> header.add(s.name() + ": files (CPU so far)"));
    rows.add(header);
    for (int i = 0; i < lakeward.samples().size(); i++) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(lakeward.samples().get(i).commit())));
      for (SideResult side : sides()) {
        if (i < side.samples().size()) {
          Sample s = side.samples().get(i);
          row.add(String.format(Locale.ROOT, "%d / %d (%.0f s)", s.dataFiles(), s.deleteFiles(), s.maintainerCpuSeconds()));
        } else {
          row.add("");
        }
      }
      rows.add(row);
    }
    List<String> last = new ArrayList<>(List.of("final"));
    sides().forEach(s -> last.add(s.files().get("data-files") + " / " + s.files().get("delete-files")
        + String.format(Locale.ROOT, " (%.0f s)", s.maintainerCpuSeconds())));
    rows.add(last);
    return rows;
  }

  private List<List<String>> queryRows() {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("query"));
    sides().forEach(s -> header.add(s.name()));
    header.add("right-sized");
    rows.add(header);
    List<String> tables = new ArrayList<>();
    sides().forEach(s -> tables.add(s.table()));
    tables.add(IngestionRunner.REFERENCE_TABLE);
    for (String query : queries.get("queries").split(",")) {
      List<String> row = new ArrayList<>(List.of(query));
      tables.forEach(t -> row.add(String.format(Locale.ROOT, "%.3f s", Double.parseDouble(queries.get(t + "." + query)))));
      rows.add(row);
    }
    return rows;
  }

  private double queryTotal(String table) {
    double total = 0;
    for (String query : queries.get("queries").split(",")) {
      total += Double.parseDouble(queries.get(table + "." + query));
    }
    return total;
  }

  private List<String> row(String title, java.util.function.Function<SideResult, String> cell) {
    List<String> row = new ArrayList<>(List.of(title));
    sides().forEach(s -> row.add(cell.apply(s)));
    return row;
  }

  private void method(StringBuilder md) {
    md.append("### What was measured\n\n");
    md.append(String.format(Locale.ROOT, "- The writer (a Spark engine JVM, the same spark-submit as the optimizer) "
        + "commits batch b as a CDC sink does with Iceberg's API: one data file with %,d rows of new keys and, from "
        + "b = 2, the new versions of %,d keys drawn uniformly from all keys inserted before (duplicates dropped), "
        + "plus one equality-delete file on `id` with those keys, in one row delta (Parquet, zstd; every column a "
        + "function of the key and the batch, so the final content is known). A batch is due every %d s from the "
        + "start of a phase; a late writer commits at once. Unpartitioned table, format v2.%n", settings.inserts(),
        settings.upserts(), settings.commitInterval().toSeconds()));
    md.append("- **Phase 1, Lakeward**: the table carries only `self-optimizing.group` and `self-optimizing.target-size` "
        + "(= the target size; 128 MiB is also the default), every other self-optimizing property at its default "
        + "(minor at 12 fragments and equality-delete files, major at 10% deleted rows, min-plan-interval 60 s, "
        + "quota 0.5 of the group's threads); the AMS (child JVM, embedded Derby) runs on its default cadences "
        + "(evaluation 30 s, planning 10 s, supervision 5 s). ").append(optimizer).append(", ")
        .append(settings.parallelism()).append(" task slots, registered before the phase starts. After the last "
        + "commit the benchmark waits (at most ").append(settings.settleTimeout().toMinutes()).append(" min) until the "
        + "AMS has evaluated the last snapshot and found nothing due.\n");
    md.append("- **Phase 2, Iceberg**: the same writer, the same batches, one table per variant (written in the same "
        + "phase, one after the other at every tick); per variant a Spark engine JVM of its own (same spark-submit) "
        + "runs `SparkActions.get(spark).rewriteDataFiles(table).binPack()` with `target-file-size-bytes` = the target "
        + "size and the variant's options, as soon as ").append(settings.rewriteEvery()).append(" more commits have "
        + "landed (the writer does not wait for it; a run still going when the next is due delays that one), and once "
        + "after the last commit. Variants: ");
    List<String> variants = new ArrayList<>();
    settings.icebergVariants().forEach((name, options) -> variants.add(options.isEmpty()
        ? "`defaults` (only small files are rewritten; equality-delete files are never removed)"
        : "`" + name + "` (every data file with any delete applying is rewritten, and delete files left dangling are "
            + "removed, so deletes are applied at every run)"));
    md.append(String.join("; ", variants)).append(". The phases run one after the other, so Lakeward and Iceberg "
        + "never share the CPU; the Iceberg variants share it with each other.\n");
    md.append("- At the end every table is checked against the writer's final state (row count and checksum of every "
        + "column). Not counted anywhere: the writer's own work, snapshot expiry (neither side expires snapshots "
        + "here), and Spark start-up (every JVM starts before its phase).\n");
    md.append("- Unfair to Lakeward: its decisions are time-based (min-plan-interval, evaluation interval) while "
        + "Iceberg's runs are commit-based, so a faster writer gives Lakeward relatively fewer chances to optimize "
        + "during the phase (and more to do after it); its CPU includes polling the AMS while idle. Unfair to Iceberg: "
        + "the variants share two cores with each other (it lengthens their runs, not their CPU seconds much).\n\n");
  }

  private void details(StringBuilder md) {
    md.append("### Details\n\n");
    for (SideResult side : sides()) {
      md.append("- ").append(side.name()).append(": ");
      List<Double> commits = side.commitSeconds().stream().sorted().toList();
      md.append(String.format(Locale.ROOT, "writer commits took %.2f s at the median, %.2f s at most; ",
          commits.get(commits.size() / 2), commits.get(commits.size() - 1)));
      md.append(String.format(Locale.ROOT, "%s rewrite commits removed %s delete files; writer wrote %s.",
          side.history().get("rewrite-commits"), side.history().get("removed-delete-files"),
          mib(side.historyLong("writer-bytes"))));
      if (!side.cronRuns().isEmpty()) {
        md.append(" Rewrites (after commit: duration, data files rewritten → added, bytes, delete files removed): ");
        List<String> runs = new ArrayList<>();
        for (CronRun run : side.cronRuns()) {
          runs.add(String.format(Locale.ROOT, "%d: %.1f s, %s → %s, %s, %s", run.afterCommit(), run.seconds(),
              run.result().get("rewritten-data-files"), run.result().get("added-data-files"),
              mib(Long.parseLong(run.result().getOrDefault("rewritten-bytes", "0"))),
              run.result().get("removed-delete-files")));
        }
        md.append(String.join("; ", runs)).append('.');
      }
      md.append('\n');
    }
  }

  /** The -D options the run was given (benchmarks/run.sh passes them on), so it can be repeated. */
  private static String command() {
    String args = System.getProperty("bench.args", "").trim();
    return args.isEmpty() ? "" : " " + args;
  }

  private static void table(StringBuilder md, List<List<String>> rows) {
    md.append("| ").append(String.join(" | ", rows.get(0))).append(" |\n|");
    for (int i = 0; i < rows.get(0).size(); i++) {
      md.append(i == 0 ? "---|" : "---:|");
    }
    md.append('\n');
    rows.stream().skip(1).forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
  }
}
