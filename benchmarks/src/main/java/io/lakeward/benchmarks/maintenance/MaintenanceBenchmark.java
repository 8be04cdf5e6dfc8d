package io.lakeward.benchmarks.maintenance;

import io.lakeward.benchmarks.BenchmarkDoc;
import io.lakeward.benchmarks.CpuShare;
import io.lakeward.benchmarks.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Orphan cleaning and snapshot expiration on a table with a million files and ten thousand snapshots:
 * Lakeward's maintainers in a JVM with the AMS's heap bound, next to Iceberg's Spark actions on an identical
 * copy of the same table, in the same run; every result checked against the generator. Writes its section of
 * docs/benchmarks.md. Run it with {@code benchmarks/run.sh maintenance}; knobs in {@link MaintenanceSettings}.
 */
public final class MaintenanceBenchmark {
  private MaintenanceBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    MaintenanceSettings settings = MaintenanceSettings.fromSystemProperties();
    Machine machine = Machine.current();
    PrintStream out = System.out;
    out.println("Maintenance benchmark on " + machine.describe());
    Path work = Files.createTempDirectory(Files.createDirectories(settings.workDir()), "lakeward-maintenance-bench");
    out.println("Work directory (table copies, logs, listings): " + work);
    int status;
    try {
      long started = System.nanoTime();
      Optional<CpuShare> cpu = CpuShare.start();
      ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);
      MaintenanceRunner.Outcome outcome = new MaintenanceRunner(settings, work, out).run();
      double minutes = (System.nanoTime() - started) / 60e9;
      MaintenanceReport report = new MaintenanceReport(settings, machine, date, cpu.map(CpuShare::describe)
          .orElse("unknown"), minutes, outcome);
      out.println();
      out.println(report.consoleTable());
      if (settings.output().isPresent()) {
        BenchmarkDoc.writeSection(settings.output().get(), settings.section(), report.markdownSection());
        out.println("Wrote " + settings.output().get().toAbsolutePath());
      }
      status = report.allSafe() ? 0 : 1;
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    // Copies, logs and listings stay for a failed run, to look at; a good run's are deleted.
    if (status == 0 && !Boolean.getBoolean("bench.keep-work")) {
      delete(work);
    } else {
      out.println("Kept " + work);
    }
    System.exit(status);
  }

  /** rm -rf: a million files go faster than through a Java file walk. */
  private static void delete(Path work) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
    if (exit != 0) {
      System.out.println("Cannot delete " + work + ": rm exit code " + exit);
    }
  }
}
