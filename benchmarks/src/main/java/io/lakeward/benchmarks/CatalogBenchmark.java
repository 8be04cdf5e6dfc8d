package io.lakeward.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Measures loadTable and commit throughput through Lakeward's Thrift catalog, Lakeward's Iceberg REST
 * catalog and Iceberg's reference REST server, in one JVM on loopback, and writes the results to
 * docs/benchmarks.md. Run it with benchmarks/run.sh; knobs are in {@link Settings}.
 */
public final class CatalogBenchmark {
  private static final String CATALOG = "bench";

  private CatalogBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromSystemProperties();
    Machine machine = Machine.current();
    PrintStream out = System.out;
    out.println("Catalog benchmark on " + machine.describe());
    Path home = Files.createTempDirectory("lakeward-catalog-bench");
    int status = 0;
    try {
      Report report = run(settings, machine, home, out);
      out.println();
      out.println(report.consoleTable());
      if (settings.output().isPresent()) {
        BenchmarkDoc.writeSection(settings.output().get(), BenchmarkDoc.CATALOG, report.markdownSection());
        out.println("Wrote " + settings.output().get().toAbsolutePath());
      }
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      deleteRecursively(home);
    }
    // Hadoop, Derby and the HTTP clients leave non-daemon threads behind.
    System.exit(status);
  }

  private static Report run(Settings settings, Machine machine, Path home, PrintStream out) throws Exception {
    long started = System.nanoTime();
    Optional<CpuShare> cpu = CpuShare.start();
    String io = settings.fileIo();
    try (LakewardServer ams = LakewardServer.start(home.resolve("ams"), CATALOG, home.resolve("lakeward-warehouse"), io);
        ReferenceServer reference = ReferenceServer.start(home.resolve("reference"), io);
        CatalogUnderTest thrift = CatalogUnderTest.lakewardThrift(ams.thriftUri(), io);
        CatalogUnderTest rest = CatalogUnderTest.lakewardRest(ams.restUri(), ams.catalogName(), io);
        CatalogUnderTest referenceRest = CatalogUnderTest.reference(reference.uri(), io)) {
      out.printf("Servers up in %.1f s: AMS %s and %s, reference %s%n", (System.nanoTime() - started) / 1e9,
          ams.thriftUri(), ams.restUri(), reference.uri());
      List<CatalogUnderTest> targets = List.of(thrift, rest, referenceRest);
      for (CatalogUnderTest target : targets) {
        BenchTables.createNamespace(target);
      }
      List<Workload> workloads = List.of(
          new LoadTableWorkload(settings.loadThreads(), settings.loadRound()),
          new CommitWorkload(1, settings.sequentialCommits()),
          new CommitWorkload(settings.commitClients(), settings.commitsPerClient()));
      Report report = new Report(settings, machine, ZonedDateTime.now(ZoneOffset.UTC),
          targets.stream().map(CatalogUnderTest::label).toList(), referenceRest.label());
      BenchmarkRunner runner = new BenchmarkRunner(targets, settings.maxJvmWarmUp(), settings.warmUpRounds(),
          settings.iterations(), out);
      runner.run(workloads).forEach(report::add);
      report.jvmWarmUp(runner.jvmWarmUpSummary());
      report.cpuShare(cpu.map(CpuShare::describe).orElse("unknown"));
      out.printf("Measured in %.0f s%n", (System.nanoTime() - started) / 1e9);
      return report;
    }
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
}
