package io.lakeward.catalog;

import static io.lakeward.catalog.OptimizingHarness.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.runtime.spark.SparkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spark container against a real Spark standalone cluster (master, worker and executors in
 * JVMs of their own; the driver in client mode as a child of the AMS): tasks run in the
 * executors, and neither a lost executor nor a killed driver loses a row or leaves a table stuck.
 */
class SparkClusterContainerIT {
  /** Holds every rewrite on the executors this long, so a test can kill an executor or the driver mid-task. */
  private static final String SLOW_EXECUTORS = "\"spark-conf.spark.executor.extraJavaOptions\":"
      + "\"-Dlakeward.fault.executor-task-delay-ms=8000\"";
  private static Path dir;
  private static SparkStandaloneCluster cluster;
  private static AmsProcess ams;
  private static SparkSession spark;
  private static OptimizingHarness harness;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("lakeward-spark-container");
    cluster = SparkStandaloneCluster.start(SparkStandaloneCluster.defaultSparkHome(), dir.resolve("spark"));
    ams = AmsProcess.start(dir, null, SparkContainers.AMS_YAML + SparkContainers.sparkContainerYaml(cluster.masterUrl()));
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    // One core per application, so an application launched while another still holds executors gets some.
    String oneSlot = "\"parallelism\":\"1\",\"max-parallelism\":\"1\",\"idle-exit\":\"20s\","
        + "\"spark-conf.spark.cores.max\":\"1\"";
    SparkContainers.createGroup(ams, "cluster", "spark", oneSlot);
    SparkContainers.createGroup(ams, "cluster-faults", "spark", oneSlot + "," + SLOW_EXECUTORS);
    spark = OptimizingHarness.spark(ams);
    harness = new OptimizingHarness(spark, ams);
    harness.sql("CREATE NAMESPACE lake.cluster");
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (ams != null) {
      ams.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void tasksRunInTheExecutorsOfTheCluster() throws Exception {
    StreamingWorkload table = StreamingWorkload.create(harness, spark, "cluster", "events", "cluster");
    writeSmallFilesAndDeletes(table);

    harness.trigger("cluster", "events", "FULL");
    harness.awaitCommitted("cluster", "events", "FULL", Duration.ofMinutes(5));
    OptimizingHarness.poll("no delete file left", Duration.ofMinutes(3), table::deleteFiles, files -> files == 0);
    table.assertOptimizedContent();

    JsonNode app = SparkContainers.applications(ams, "cluster").get(0);
    assertThat(app.get("container").asText()).isEqualTo("spark");
    assertThat(app.get("spark-app-id").asText()).as(app.toString()).startsWith("app-");
    // The rewrites ran in the worker's executor JVMs: their logs hold the rewrite lines, the driver's none.
    Path appDir = cluster.workDir().resolve("work").resolve(app.get("spark-app-id").asText());
    List<String> executorLogs = logLines(appDir, "stderr");
    assertThat(executorLogs).anyMatch(line -> line.contains("Lakeward rewrite lakeward-") && line.contains(" finished on executor pid "));
    List<String> driverLog = Files.readAllLines(Path.of(app.get("log").asText()));
    assertThat(driverLog).anyMatch(line -> line.contains("Completed task"));
    assertThat(driverLog).noneMatch(line -> line.contains("Rewrote "));
  }

  @Test
  void anExecutorKilledMidTaskLosesNothing() throws Exception {
    StreamingWorkload table = StreamingWorkload.create(harness, spark, "cluster", "executor_fault", "cluster-faults");
    writeSmallFilesAndDeletes(table);

    harness.trigger("cluster", "executor_fault", "FULL");
    awaitRunningTask("executor_fault");
    OptimizingHarness.poll("an executor of the application", Duration.ofMinutes(2), cluster::executorPids, pids -> !pids.isEmpty());
    assertThat(cluster.killExecutors()).isNotEmpty();

    harness.awaitCommitted("cluster", "executor_fault", "FULL", Duration.ofMinutes(5));
    OptimizingHarness.poll("no delete file left", Duration.ofMinutes(3), table::deleteFiles, files -> files == 0);
    table.assertOptimizedContent();
  }

  @Test
  void aKilledDriverIsReplacedAndItsTasksRunAgain() throws Exception {
    StreamingWorkload table = StreamingWorkload.create(harness, spark, "cluster", "driver_fault", "cluster-faults");
    writeSmallFilesAndDeletes(table);

    harness.trigger("cluster", "driver_fault", "FULL");
    awaitRunningTask("driver_fault");
    JsonNode running = stream(SparkContainers.applications(ams, "cluster-faults"))
        .filter(a -> a.get("status").asText().equals("RUNNING")).findFirst().orElseThrow();
    long pid = running.get("pid").asLong();
    ProcessHandle driver = ProcessHandle.of(pid).orElseThrow();
    driver.destroyForcibly();
    driver.onExit().get();

    // The AMS sees the driver end, drops its optimizer after the heartbeat timeout, and launches another application.
    long killedId = running.get("id").asLong();
    JsonNode apps = OptimizingHarness.poll("a new application after the killed one", Duration.ofMinutes(2),
        () -> SparkContainers.applications(ams, "cluster-faults"),
        list -> stream(list).anyMatch(a -> a.get("id").asLong() > killedId));
    JsonNode killed = stream(apps).filter(a -> a.get("id").asLong() == killedId).findFirst().orElseThrow();
    assertThat(killed.get("status").asText()).as(killed.toString()).isEqualTo("FAILED");
    assertThat(killed.get("exit-code").asInt()).isEqualTo(137);

    harness.awaitCommitted("cluster", "driver_fault", "FULL", Duration.ofMinutes(5));
    OptimizingHarness.poll("no delete file left", Duration.ofMinutes(3), table::deleteFiles, files -> files == 0);
    table.assertOptimizedContent();
    // The killed driver's task was taken back from it; the work then ran again (as a retry, or as a new
    // process once the group had been without an optimizer for the heartbeat timeout).
    assertThat(stream(harness.processes("cluster", "driver_fault")).flatMap(p -> stream(p.get("tasks"))))
        .anyMatch(t -> t.get("attempt").asInt() > 1 || t.get("fail-reason").asText().contains("vanished while running it"));
  }

  @Test
  void anApplicationKilledThroughTheRestApiStopsGracefully() throws Exception {
    StreamingWorkload table = StreamingWorkload.create(harness, spark, "cluster", "graceful", "cluster-faults");
    writeSmallFilesAndDeletes(table);

    harness.trigger("cluster", "graceful", "FULL");
    awaitRunningTask("graceful");
    JsonNode running = stream(SparkContainers.applications(ams, "cluster-faults"))
        .filter(a -> a.get("status").asText().equals("RUNNING")).findFirst().orElseThrow();
    var response = ams.admin("POST", "/api/ams/v1/optimizer-applications/" + running.get("id").asLong() + "/kill", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(ams.admin("POST", "/api/ams/v1/optimizer-applications/" + running.get("id").asLong() + "/kill", null)
        .statusCode()).as("an ended application cannot be killed again").isEqualTo(409);

    // SIGTERM: the driver stops polling, lets its running task finish or returns it, and exits.
    ProcessHandle.of(running.get("pid").asLong()).ifPresent(driver -> driver.onExit().join());
    List<String> driverLog = Files.readAllLines(Path.of(running.get("log").asText()));
    assertThat(driverLog).anyMatch(line -> line.contains("Asked to stop (SIGTERM)"));
    assertThat(driverLog).anyMatch(line -> line.contains("Optimizer stopped"));
    JsonNode killed = stream(SparkContainers.applications(ams, "cluster-faults"))
        .filter(a -> a.get("id").asLong() == running.get("id").asLong()).findFirst().orElseThrow();
    assertThat(killed.get("status").asText()).isEqualTo("KILLED");

    harness.awaitCommitted("cluster", "graceful", "FULL", Duration.ofMinutes(5));
    OptimizingHarness.poll("no delete file left", Duration.ofMinutes(3), table::deleteFiles, files -> files == 0);
    table.assertOptimizedContent();
  }

  private static void writeSmallFilesAndDeletes(StreamingWorkload table) throws Exception {
    table.appends(40, 5);
    table.upserts(5);
    table.rowLevelStatements();
    assertThat(table.deleteFiles()).as("the writes left delete files").isPositive();
  }

  private static void awaitRunningTask(String name) throws Exception {
    OptimizingHarness.poll("a FULL task of " + name + " running", Duration.ofMinutes(3), () -> harness.processes("cluster", name),
        list -> stream(list).anyMatch(p -> p.get("type").asText().equals("FULL")
            && stream(p.get("tasks")).anyMatch(t -> t.get("status").asText().equals("ACKED"))));
  }

  private static List<String> logLines(Path dir, String fileName) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().equals(fileName)).flatMap(f -> {
        try {
          return Files.readAllLines(f).stream();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
