package io.lakeward.catalog;

import static io.lakeward.catalog.OptimizingHarness.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default end to end: an AMS on Derby whose group uses the local container. Nobody
 * starts an optimizer; the AMS launches the Spark optimizer (local mode, a child JVM) when the
 * table has pending work, the application exits after its idle time, and the AMS records that.
 */
class LocalContainerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static AmsProcess ams;
  private static SparkSession spark;
  private static OptimizingHarness harness;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("lakeward-local-container");
    ams = AmsProcess.start(dir, null, SparkContainers.AMS_YAML + SparkContainers.localContainerYaml());
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    SparkContainers.createGroup(ams, "spark-local", "local", "\"parallelism\":\"2\",\"max-parallelism\":\"2\",\"idle-exit\":\"15s\"");
    SparkContainers.createGroup(ams, "spark-local-appends", "local", "\"parallelism\":\"2\",\"max-parallelism\":\"2\",\"idle-exit\":\"15s\"");
    spark = OptimizingHarness.spark(ams);
    harness = new OptimizingHarness(spark, ams);
    harness.sql("CREATE NAMESPACE lake.local");
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (ams != null) {
      ams.close();
    }
  }

  @Test
  void theAmsLaunchesASparkOptimizerThatCompactsAppliesDeletesSortsAndExitsWhenIdle() throws Exception {
    assertThat(SparkContainers.applications(ams, "spark-local")).as("no application before there is work").isEmpty();
    StreamingWorkload table = StreamingWorkload.create(harness, spark, "local", "events", "spark-local");
    table.appends(300, 5);
    table.upserts(10);
    table.rowLevelStatements();
    assertThat(table.deleteFiles()).as("the writes left delete files").isPositive();

    // Minor optimizing became due on its own during the appends: an application runs or ran for it.
    JsonNode launched = OptimizingHarness.poll("an application launched for the pending table", Duration.ofMinutes(2),
        () -> SparkContainers.applications(ams, "spark-local"), apps -> apps.size() > 0);
    assertThat(launched.get(0).get("container").asText()).isEqualTo("local");
    assertThat(launched.get(0).get("reason").asText()).isEqualTo("ON_DEMAND");

    harness.trigger("local", "events", "FULL");
    harness.awaitCommitted("local", "events", "FULL", Duration.ofMinutes(5));
    OptimizingHarness.poll("no delete file left", Duration.ofMinutes(3), table::deleteFiles, files -> files == 0);
    table.assertOptimizedContent();
    assertThat(table.dataFiles()).as("1,500 rows fit one target-size file").isEqualTo(1);

    // With nothing left to do, every application exits on its idle timeout, and the AMS records it.
    JsonNode ended = OptimizingHarness.poll("every application exited on idle", Duration.ofMinutes(3),
        () -> SparkContainers.applications(ams, "spark-local"),
        apps -> stream(apps).allMatch(a -> !List.of("STARTING", "RUNNING").contains(a.get("status").asText())));
    assertThat(stream(ended)).allSatisfy(app -> {
      assertThat(app.get("status").asText()).as(app.toString()).isEqualTo("EXITED");
      assertThat(app.get("exit-code").asInt()).isZero();
      assertThat(app.get("ended-at").asLong()).isGreaterThanOrEqualTo(app.get("started-at").asLong());
      assertThat(app.get("spark-app-id").asText()).startsWith("local-");
      assertThat(app.get("parallelism").asInt()).isEqualTo(2);
    });
    assertThat(ended.size()).as("at most max-parallelism / parallelism applications at a time, few in all").isLessThanOrEqualTo(3);
    // An exited optimizer stops heartbeating: the AMS drops it within the heartbeat timeout (6 s here).
    OptimizingHarness.poll("the exited applications' optimizers dropped", Duration.ofSeconds(30), () -> {
      HttpResponse<String> optimizers = ams.admin("GET", "/api/ams/v1/optimizers", null);
      return stream(JSON.readTree(optimizers.body())).filter(o -> o.get("group").asText().equals("spark-local")).count();
    }, count -> count == 0);
    assertThat(harness.runtime("local", "events").get("status").asText()).isIn("IDLE", "PENDING");
  }

  @Test
  void tasksWithoutEqualityDeletesGoThroughSparksVectorizedReaderAndWriter() throws Exception {
    StreamingWorkload table = StreamingWorkload.create(harness, spark, "local", "appends", "spark-local-appends");
    table.appends(100, 5);
    table.rowLevelStatements();
    assertThat(table.deleteFiles()).as("the DELETE and MERGE left position deletes").isPositive();

    harness.trigger("local", "appends", "FULL");
    harness.awaitCommitted("local", "appends", "FULL", Duration.ofMinutes(5));
    OptimizingHarness.poll("no delete file left", Duration.ofMinutes(3), table::deleteFiles, files -> files == 0);
    table.assertOptimizedContent();
    assertThat(table.dataFiles()).isEqualTo(1);

    // The driver planned Spark jobs of Iceberg's reader and writer for the tasks instead of running them row by row.
    JsonNode apps = SparkContainers.applications(ams, "spark-local-appends");
    assertThat(stream(apps).flatMap(app -> logLines(Path.of(app.get("log").asText())).stream()))
        .anyMatch(line -> line.contains("Vectorized rewrite of lake.local.appends"))
        .noneMatch(line -> line.contains("Rewrote ") && line.contains("lake.local.appends"));
  }

  private static List<String> logLines(Path log) {
    try {
      return Files.readAllLines(log);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
