package io.lakeward.benchmarks.rewrite;

import io.lakeward.benchmarks.BenchmarkDoc;
import io.lakeward.benchmarks.CpuShare;
import io.lakeward.benchmarks.Machine;
import io.lakeward.benchmarks.spark.CpuProfile;
import io.lakeward.benchmarks.spark.SparkSubmitOptimizer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-byte rewrite speed: the same generated tables compacted by Lakeward's Spark optimizer end to end,
 * by Iceberg's RewriteDataFiles Spark action, and by a plain Spark read-and-write (the floor), with the
 * same Spark resources; every result checked against the generator. Writes its section of
 * docs/benchmarks.md. Run it with {@code benchmarks/run.sh rewrite}; knobs in {@link RewriteSettings}.
 */
public final class RewriteBenchmark {
  static final String SECTION = "rewrite-benchmark";

  private RewriteBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    RewriteSettings settings = RewriteSettings.fromSystemProperties();
    Machine machine = Machine.current();
    PrintStream out = System.out;
    out.println("Rewrite benchmark on " + machine.describe());
    Path home = Files.createTempDirectory("lakeward-rewrite-bench");
    out.println("Work directory (logs, tables): " + home);
    int status;
    try {
      RewriteReport report = run(settings, machine, home, out);
      out.println();
      out.println(report.consoleTable());
      if (settings.output().isPresent()) {
        BenchmarkDoc.writeSection(settings.output().get(), System.getProperty("bench.rewrite.section", SECTION),
            report.markdownSection());
        out.println("Wrote " + settings.output().get().toAbsolutePath());
      }
      status = report.allCorrect() ? 0 : 1;
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    // Tables and logs stay for a failed run, to look at; a good run's are deleted.
    if (status == 0 && !Boolean.getBoolean("bench.keep-work")) {
      io.lakeward.benchmarks.spark.WorkDirectory.delete(home);
    }
    System.exit(status);
  }

  private static RewriteReport run(RewriteSettings settings, Machine machine, Path home, PrintStream out)
      throws Exception {
    long started = System.nanoTime();
    Optional<CpuShare> cpu = CpuShare.start();
    ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);
    List<String> profile = new ArrayList<>();
    List<String> optimizerOptions = new ArrayList<>();
    if (settings.profile()) {
      Path jfc = Files.writeString(Files.createDirectories(home.resolve("logs")).resolve("cpu.jfc"), CpuProfile.SETTINGS);
      profile.add(jfc.toString());
      optimizerOptions.add("-XX:StartFlightRecording=name=bench,settings=" + jfc);
    }
    SparkSubmitOptimizer launcher = new SparkSubmitOptimizer(settings.spark(), "200ms", optimizerOptions);
    List<CaseResult> results = new ArrayList<>();
    String warmUp = "none";
    String generation = "?";
    Map<RewriteRunner.Window, String> profiles;
    try (RewriteRunner runner = new RewriteRunner(settings, home, out, launcher, profile)) {
      runner.start();
      out.printf("AMS, optimizer and engine up in %.0f s%n", (System.nanoTime() - started) / 1e9);
      if (settings.warmUp()) {
        long warmStart = System.nanoTime();
        runner.generate("warmup_base", settings.bytes() / 16, Math.max(1, settings.files() / 16));
        CaseResult warm = runCase(runner, RewriteCase.PLAIN, "warmup", "warmup_base", 0, out);
        runner.drop(List.of("warmup_base"));
        warmUp = String.format("%.0f s", (System.nanoTime() - warmStart) / 1e9);
        if (warm.runs().stream().anyMatch(r -> !r.ok())) {
          out.println("Warm-up failed: " + warm.runs());
        }
      }
      long baseStart = System.nanoTime();
      out.printf("%nGenerating the base table: %,d bytes in %,d files%n", settings.bytes(), settings.files());
      Map<String, String> base = runner.generate("base", settings.bytes(), settings.files());
      out.printf("  %s data files (%s bytes, %s rows) in %s s%n", base.get("data-files"), base.get("data-bytes"),
          base.get("rows-written"), base.get("generate-seconds"));
      generation = String.format("%.0f s", (System.nanoTime() - baseStart) / 1e9);
      int index = 0;
      for (RewriteCase rewriteCase : settings.cases()) {
        results.add(runCase(runner, rewriteCase, rewriteCase.tablePrefix(), "base", ++index, out));
      }
      runner.drop(List.of("base"));
      profiles = runner.profiles();
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    out.printf("Measured in %.1f min in all%n", minutes);
    return new RewriteReport(settings, machine, date, cpu.map(CpuShare::describe).orElse("unknown"), warmUp,
        generation, launcher.describe(), minutes, results, profiles);
  }

  /**
   * One case: derive its source from the base table (not timed), then every contestant on its own
   * copy; the order of the contestants rotates from case to case, so no side always runs first (or
   * last) on a warm page cache or a drifting machine.
   */
  private static CaseResult runCase(RewriteRunner runner, RewriteCase rewriteCase, String prefix, String base,
      int rotation, PrintStream out) throws Exception {
    boolean own = rewriteCase.deletes();
    String source = own ? prefix + "_source" : base;
    out.printf("%n%s:%n", rewriteCase.id());
    Map<String, String> generated = runner.derive(rewriteCase, base, prefix + "_source");
    out.printf("  source: %s data files (%s bytes), %s delete files, %s live rows, derived in %s s%n",
        generated.get("data-files"), generated.get("data-bytes"), generated.get("delete-files"),
        generated.get("live-rows"), generated.get("derive-seconds"));
    List<Contestant> order = new ArrayList<>(List.of(Contestant.values()));
    java.util.Collections.rotate(order, -rotation);
    List<ContestantRun> runs = new ArrayList<>();
    List<String> tables = new ArrayList<>(own ? List.of(source) : List.of());
    for (Contestant contestant : order) {
      String table = prefix + "_" + contestant.name().toLowerCase(java.util.Locale.ROOT);
      tables.add(table);
      ContestantRun run = switch (contestant) {
        case LAKEWARD -> runner.lakeward(rewriteCase, source, table);
        case ICEBERG -> runner.iceberg(rewriteCase, source, table);
        case FLOOR -> runner.floor(rewriteCase, source, table);
      };
      out.printf("  %-8s %7.1f s, CPU %6.1f s%s: %s data files, %s delete files%s%n", contestant.title(), run.seconds(),
          run.cpuSeconds(), run.amsCpuSeconds() > 0 ? String.format(" (+ AMS %.1f s)", run.amsCpuSeconds()) : "",
          run.after().getOrDefault("data-files", "?"), run.after().getOrDefault("delete-files", "?"),
          run.failure().map(f -> " FAILED: " + f).orElse(""));
      if (!run.details().isEmpty()) {
        out.println("           " + run.details());
      }
      runs.add(run);
    }
    runner.drop(tables);
    return new CaseResult(rewriteCase, generated, runs);
  }
}
