package io.lakeward.benchmarks.planning;

import io.lakeward.benchmarks.BenchmarkDoc;
import io.lakeward.benchmarks.CpuShare;
import io.lakeward.benchmarks.LocalFileIO;
import io.lakeward.benchmarks.Machine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Measures what evaluating and planning cost on large tables, on Lakeward's scheduler and on
 * Iceberg's core planning API as the peer, and writes the results to docs/benchmarks.md. Run it with
 * {@code benchmarks/run.sh planning}; knobs are in {@link PlanningSettings}.
 *
 * <p>This process builds the tables (not measured), then runs every scenario on each side in a JVM of
 * its own ({@link ScenarioProcess}) with the heap limit under test, so that one side's garbage and
 * JIT state never reach the other's numbers, and running out of heap fails just that scenario.
 */
public final class PlanningBenchmark {
  static final String SECTION = "planning-benchmark";

  private PlanningBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    PlanningSettings settings = PlanningSettings.fromSystemProperties();
    Machine machine = Machine.current();
    PrintStream out = System.out;
    out.println("Planning benchmark on " + machine.describe());
    Path home = Files.createTempDirectory("lakeward-planning-bench");
    int status = 0;
    try {
      PlanningReport report = run(settings, machine, home, out);
      out.println();
      out.println(report.consoleTable());
      if (settings.output().isPresent()) {
        BenchmarkDoc.writeSection(settings.output().get(), SECTION, report.markdownSection());
        out.println("Wrote " + settings.output().get().toAbsolutePath());
      }
      status = report.allRan() ? 0 : 1;
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      deleteRecursively(home);
    }
    System.exit(status);
  }

  private static PlanningReport run(PlanningSettings settings, Machine machine, Path home, PrintStream out)
      throws Exception {
    long started = System.nanoTime();
    Optional<CpuShare> cpu = CpuShare.start();
    ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC);
    List<Scenario> scenarios = setUp(settings, home, out);
    String setup = String.format("%.0f s", (System.nanoTime() - started) / 1e9);
    out.printf("Tables built in %s%n", setup);

    Map<Scenario, Map<String, ScenarioResult>> results = new LinkedHashMap<>();
    ScenarioLauncher launcher = new ScenarioLauncher(settings, home.resolve("results"), out);
    for (Scenario scenario : scenarios) {
      Map<String, ScenarioResult> bySide = new LinkedHashMap<>();
      for (String side : List.of(LakewardSide.NAME, IcebergSide.NAME)) {
        bySide.put(side, launcher.run(scenario, side));
      }
      results.put(scenario, bySide);
    }
    out.printf("Measured in %.0f s in all%n", (System.nanoTime() - started) / 1e9);
    return new PlanningReport(settings, machine, date, setup, cpu.map(CpuShare::describe).orElse("unknown"), results);
  }

  /** Builds the tables the chosen scenarios need; none of this is measured. */
  private static List<Scenario> setUp(PlanningSettings settings, Path home, PrintStream out) throws IOException {
    SyntheticTables tables = new SyntheticTables(home.resolve("warehouse").toString(), new LocalFileIO());
    List<Scenario> scenarios = new ArrayList<>();
    if (settings.scenarios().contains(PlanningSettings.FILES)) {
      long start = System.nanoTime();
      String location = tables.streaming("streaming", settings.files(), settings.days(), settings.batch());
      out.printf("Built the streaming table (%,d files, %d commits) in %.1f s%n", settings.files(),
          (settings.files() + settings.batch() - 1) / settings.batch(), (System.nanoTime() - start) / 1e9);
      scenarios.add(new Scenario(PlanningSettings.FILES, String.format("one table, %,d small files, daily partitions, "
          + "%,d files a commit", settings.files(), settings.batch()), Scenario.TABLE,
          list(home, PlanningSettings.FILES, List.of(location)), settings.files(), settings.days()));
    }
    if (settings.scenarios().contains(PlanningSettings.PARTITIONS)) {
      long start = System.nanoTime();
      int files = settings.partitions() * settings.filesPerPartition();
      String location = tables.manyPartitions("wide", settings.partitions(), settings.filesPerPartition(),
          settings.batch());
      out.printf("Built the wide table (%,d partitions, %,d files) in %.1f s%n", settings.partitions(), files,
          (System.nanoTime() - start) / 1e9);
      scenarios.add(new Scenario(PlanningSettings.PARTITIONS, String.format("one table, %,d partitions of %d small files",
          settings.partitions(), settings.filesPerPartition()), Scenario.TABLE,
          list(home, PlanningSettings.PARTITIONS, List.of(location)), files, settings.partitions()));
    }
    if (settings.scenarios().contains(PlanningSettings.TABLES)) {
      long start = System.nanoTime();
      List<String> locations = tables.smallTables("small", settings.maxTables(), settings.filesPerTable(),
          settings.tableDays(), settings.tableCommits());
      out.printf("Built %,d small tables in %.1f s%n", locations.size(), (System.nanoTime() - start) / 1e9);
      scenarios.add(new Scenario(PlanningSettings.TABLES, String.format("%,d tables of %d small files in one group",
          settings.maxTables(), settings.filesPerTable()), Scenario.GROUP,
          list(home, PlanningSettings.TABLES, locations), settings.filesPerTable(), settings.tableDays()));
    }
    return scenarios;
  }

  private static Path list(Path home, String name, List<String> locations) throws IOException {
    Path file = home.resolve(name + "-tables.txt");
    Files.write(file, locations);
    return file;
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static String counts(List<Integer> counts) {
    return counts.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
