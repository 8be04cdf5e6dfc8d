package io.lakeward.benchmarks.ingestion;

import io.lakeward.benchmarks.BenchmarkDoc;
import io.lakeward.benchmarks.CpuShare;
import io.lakeward.benchmarks.Machine;
import io.lakeward.benchmarks.spark.SparkSubmitOptimizer;
import io.lakeward.benchmarks.spark.WorkDirectory;
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
 * Continuous ingestion: a writer commits small batches of inserts and upserts while Lakeward
 * self-optimizes the table with its defaults, and again to tables where Iceberg's RewriteDataFiles runs
 * after every N commits; compares bytes rewritten, optimizer CPU, files over time and the time of a
 * fixed query set against the same data written once as right-sized files. Writes its section of
 * docs/benchmarks.md. Run it with {@code benchmarks/run.sh ingestion}; knobs in {@link IngestionSettings}.
 */
public final class IngestionBenchmark {
  static final String SECTION = "ingestion-benchmark";

  private IngestionBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    IngestionSettings settings = IngestionSettings.fromSystemProperties();
    Machine machine = Machine.current();
    PrintStream out = System.out;
    out.println("Ingestion benchmark on " + machine.describe());
    Path home = Files.createTempDirectory("lakeward-ingestion-bench");
    out.println("Work directory (logs, tables): " + home);
    int status;
    try {
      IngestionReport report = run(settings, machine, home, out);
      out.println();
      out.println(report.consoleSummary());
      if (settings.output().isPresent()) {
        BenchmarkDoc.writeSection(settings.output().get(), SECTION, report.markdownSection());
        out.println("Wrote " + settings.output().get().toAbsolutePath());
      }
      status = report.allCorrect() ? 0 : 1;
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    if (status == 0 && !Boolean.getBoolean("bench.keep-work")) {
      WorkDirectory.delete(home);
    }
    System.exit(status);
  }

  private static IngestionReport run(IngestionSettings settings, Machine machine, Path home, PrintStream out)
      throws Exception {
    long started = System.nanoTime();
    Optional<CpuShare> cpu = CpuShare.start();
    ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);
    // The optimizer's own default poll interval: Lakeward runs with its defaults here.
    SparkSubmitOptimizer launcher = new SparkSubmitOptimizer(settings.spark(), "1s", List.of());
    try (IngestionRunner runner = new IngestionRunner(settings, home, out, launcher)) {
      runner.start();
      out.printf("AMS, optimizer and writer up in %.0f s%n", (System.nanoTime() - started) / 1e9);
      out.println("Phase 1: Lakeward");
      SideResult lakeward = runner.lakewardPhase();
      out.println("Phase 2: Iceberg's rewrite every " + settings.rewriteEvery() + " commits, variants "
          + settings.variantNames());
      List<SideResult> iceberg = runner.icebergPhase();
      Map<String, String> reference = runner.reference();
      Map<String, String> referenceCheck = runner.verify(IngestionRunner.REFERENCE_TABLE);
      List<String> tables = new ArrayList<>();
      tables.add(lakeward.table());
      iceberg.forEach(r -> tables.add(r.table()));
      tables.add(IngestionRunner.REFERENCE_TABLE);
      out.println("Query set on " + tables);
      Map<String, String> queries = runner.queries(tables);
      double minutes = (System.nanoTime() - started) / 60e9;
      out.printf("Measured in %.1f min in all%n", minutes);
      return new IngestionReport(settings, machine, date, cpu.map(CpuShare::describe).orElse("unknown"),
          launcher.describe(), minutes, lakeward, iceberg, reference, referenceCheck, queries);
    }
  }
}
