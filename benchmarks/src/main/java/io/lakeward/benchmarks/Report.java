package io.lakeward.benchmarks;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The results of one run, as a console table and as the Markdown section of docs/benchmarks.md. */
final class Report {
  private final Settings settings;
  private final Machine machine;
  private final ZonedDateTime date;
  private final List<String> paths;
  private final String reference;
  private final Map<Workload, Map<String, PathResult>> results = new LinkedHashMap<>();
  private String jvmWarmUp = "not run";
  private String cpuShare = "unknown";

  Report(Settings settings, Machine machine, ZonedDateTime date, List<String> paths, String reference) {
    this.settings = settings;
    this.machine = machine;
    this.date = date;
    this.paths = List.copyOf(paths);
    this.reference = reference;
  }

  void add(Workload workload, Map<String, PathResult> byPath) {
    results.put(workload, byPath);
  }

  void jvmWarmUp(String summary) {
    this.jvmWarmUp = summary;
  }

  void cpuShare(String summary) {
    this.cpuShare = summary;
  }

  String consoleTable() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-52s", "workload (rate: mean ± sd)"));
    paths.forEach(p -> out.append(String.format("%20s", p)));
    lakewardPaths().forEach(p -> out.append(String.format("%14s", shortName(p) + "/ref")));
    out.append('\n');
    results.forEach((workload, byPath) -> {
      out.append(String.format("%-52s", workload.name() + " (" + workload.unit() + ")"));
      paths.forEach(p -> out.append(String.format("%20s", cell(byPath.get(p), false))));
      lakewardPaths().forEach(p -> out.append(String.format("%14s", ratio(byPath, p).map(Report::ratioText).orElse("n/a"))));
      out.append('\n');
    });
    return out.toString();
  }

  String markdownSection() {
    StringBuilder md = new StringBuilder();
    md.append("## Catalog: loadTable and commit throughput\n\n");
    md.append("Written by `benchmarks/run.sh` on ")
        .append(date.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)))
        .append(", Lakeward at ").append(settings.revision()).append(". Rerun it to refresh this section.\n\n");
    md.append("Machine: ").append(machine.describe()).append("; during the run: ").append(cpuShare)
        .append(" (others' share above a few percent means a shared, busier machine: compare runs with care).\n\n");
    md.append("One JVM, everything on loopback, tables on the local disk through ").append(fileIoText())
        .append(" on every client and server:\n\n");
    md.append("- **Lakeward Thrift**: the engine-side `io.lakeward.catalog.LakewardCatalog` (`thrift://…/bench`) against an "
        + "in-process AMS (embedded Derby, the AMS test configuration: 1 selector, 8 Thrift workers). The client reads "
        + "and writes metadata files itself; the AMS swaps the table pointer.\n");
    md.append("- **Lakeward REST**: Iceberg's stock `RESTCatalog` against the same AMS at `/api/iceberg/rest` "
        + "(`warehouse=bench`); the AMS reads and writes metadata files.\n");
    md.append("- **Reference REST**: Iceberg's stock `RESTCatalog` against Iceberg's reference server "
        + "`RESTCatalogServer` (iceberg-open-api 1.10.0 test fixtures: Jetty, `RESTCatalogServlet`, `JdbcCatalog` on a "
        + "SQLite file).\n\n");
    md.append("Workloads (closed loop, one catalog client per path shared by the threads):\n\n");
    md.append(String.format("- loadTable: %d threads load the same table (4 columns, no snapshot) for %s s per "
        + "round.%n", settings.loadThreads(), seconds(settings.loadRound().toMillis())));
    md.append(String.format("- commit: a fast append of one metadata-only `DataFile` (no data written), so a commit is a "
        + "manifest, a manifest list, a metadata file and the pointer swap, plus the refresh Iceberg does after it. "
        + "Iceberg's client waits for its manifest-writing tasks by polling every 10 ms (`Tasks.waitFor`), which sets "
        + "a floor under every path's sequential commit time alike. "
        + "1 client makes %d sequential commits per round; %d clients make %d each, every client on its own table "
        + "(no conflicts). Every round starts on new tables, so all paths commit to tables of the same size.%n",
        settings.sequentialCommits(), settings.commitClients(), settings.commitsPerClient()));
    md.append(String.format("- Warm-up: cycles of every workload once on every path until the JIT compiler is busy less "
        + "than 10%% of one core (at most %s s; this run: %s), then %d discarded round(s) per workload and path. "
        + "Then %d measured rounds per workload and path, interleaved across the paths. Cells: mean ± sample standard "
        + "deviation (min–max) of the per-round rates.%n%n", seconds(settings.maxJvmWarmUp().toMillis()), jvmWarmUp,
        settings.warmUpRounds(), settings.iterations()));

    md.append("| workload |");
    paths.forEach(p -> md.append(' ').append(p).append(" |"));
    lakewardPaths().forEach(p -> md.append(' ').append(p).append(" / reference |"));
    md.append("\n|---|");
    paths.forEach(p -> md.append("---:|"));
    lakewardPaths().forEach(p -> md.append("---:|"));
    md.append('\n');
    List<String> missed = new ArrayList<>();
    results.forEach((workload, byPath) -> {
      md.append("| ").append(workload.name()).append(" (").append(workload.unit()).append(") |");
      paths.forEach(p -> md.append(' ').append(cell(byPath.get(p), true)).append(" |"));
      for (String p : lakewardPaths()) {
        Optional<Double> ratio = ratio(byPath, p);
        md.append(' ').append(ratio.map(Report::ratioText).orElse("n/a"))
            .append(withinSpread(byPath, p) ? " (within spread)" : "").append(" |");
        if (ratio.isPresent() && ratio.get() < 1) {
          missed.add(p + " on " + workload.name() + (withinSpread(byPath, p) ? " (within spread)" : ""));
        }
      }
      md.append('\n');
    });
    md.append("\nRatios are Lakeward's mean rate over the reference's (above 1: Lakeward is faster); \"within "
        + "spread\" marks a difference of means smaller than the two standard deviations added, which this run cannot "
        + "tell from noise. ");
    md.append("Target: Lakeward at least as fast as the reference on loadTable and on commit. ");
    md.append(missed.isEmpty() ? "Met on every measured workload.\n" : "Missed: " + String.join("; ", missed) + ".\n");
    results.forEach((workload, byPath) -> byPath.forEach((path, result) -> result.failure().ifPresent(f ->
        md.append("\n").append(path).append(" could not run ").append(workload.name()).append(": `")
            .append(f.replace('`', '\'')).append("`\n"))));
    return md.toString();
  }

  private String fileIoText() {
    if (settings.fileIo().equals(Settings.HADOOP_FILE_IO)) {
      return "Iceberg's `HadoopFileIO` (`-Dbench.file-io=hadoop`; without the native Hadoop library it forks a `chmod` "
          + "for every file it creates, which dominates commit times)";
    }
    return "`io.lakeward.benchmarks.LocalFileIO` (plain Java file I/O; the default, because Hadoop's local file system "
        + "forks a `chmod` for every file it creates without the native Hadoop library, and six files per commit would "
        + "make the forks most of what is measured; `-Dbench.file-io=hadoop` measures with `HadoopFileIO`)";
  }

  private List<String> lakewardPaths() {
    return paths.stream().filter(p -> !p.equals(reference)).toList();
  }

  private Optional<Double> ratio(Map<String, PathResult> byPath, String path) {
    Optional<Stats> mine = byPath.get(path).stats();
    Optional<Stats> theirs = byPath.get(reference).stats();
    if (mine.isEmpty() || theirs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(mine.get().mean() / theirs.get().mean());
  }

  private boolean withinSpread(Map<String, PathResult> byPath, String path) {
    Optional<Stats> mine = byPath.get(path).stats();
    Optional<Stats> theirs = byPath.get(reference).stats();
    return mine.isPresent() && theirs.isPresent()
        && Math.abs(mine.get().mean() - theirs.get().mean()) < mine.get().stdDev() + theirs.get().stdDev();
  }

  private static String cell(PathResult result, boolean withRange) {
    if (result.failed()) {
      return "failed";
    }
    return result.stats().map(s -> rate(s.mean()) + " ± " + rate(s.stdDev())
        + (withRange ? " (" + rate(s.min()) + "–" + rate(s.max()) + ")" : "")).orElse("n/a");
  }

  private static String rate(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String ratioText(double ratio) {
    return String.format(Locale.ROOT, "%.2f", ratio);
  }

  private static String shortName(String path) {
    return path.replace("Lakeward ", "");
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
