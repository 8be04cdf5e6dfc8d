package io.lakeward.catalog;

import static io.lakeward.catalog.OptimizingHarness.optimizingSnapshots;
import static io.lakeward.catalog.OptimizingHarness.summaryLong;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The whole self-optimizing loop, end to end: an AMS in its own JVM, the plain-JVM optimizer in
 * another, Spark (local mode) writing through the Thrift catalog URI. Nobody asks for the minor
 * optimizing; full optimizing is triggered through the REST API. Run once per AMS database.
 */
abstract class SelfOptimizingLoopTests {
  private static Path dir;
  private static AmsProcess ams;
  private static OptimizerProcess optimizer;
  private static SparkSession spark;
  private static OptimizingHarness harness;

  static void start(String databaseYaml) throws Exception {
    dir = Files.createTempDirectory("lakeward-self-optimizing");
    ams = AmsProcess.start(dir, databaseYaml, OptimizingHarness.FAST_AMS_YAML);
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    optimizer = OptimizerProcess.start(dir.resolve("optimizer"), ams.optimizingUri(), "default", 2);
    spark = OptimizingHarness.spark(ams);
    harness = new OptimizingHarness(spark, ams);
    harness.sql("CREATE NAMESPACE lake.loop");
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (optimizer != null) {
      optimizer.close();
    }
    if (ams != null) {
      ams.close();
    }
  }

  @Test
  void singleRowAppendsAreCompactedWithoutBeingAsked() throws Exception {
    harness.sql("CREATE TABLE lake.loop.events (id BIGINT, region STRING, payload STRING) USING iceberg "
        + "PARTITIONED BY (region) TBLPROPERTIES ('format-version'='2', 'self-optimizing.min-plan-interval'='1000')");
    for (int i = 0; i < 200; i++) {
      harness.sql("INSERT INTO lake.loop.events VALUES (%d, '%s', 'p%d')", i, i % 2 == 0 ? "eu" : "us", i);
    }
    // Minor optimizing is due at 12 fragments per partition (the default), so once the AMS has caught
    // up no partition holds 12 or more files.
    int bound = 2 * 11;
    OptimizingHarness.poll("minor optimizing to compact the appends", Duration.ofMinutes(4), () -> {
      Table table = harness.table("loop.events");
      return summaryLong(table, "total-data-files") <= bound && optimizingSnapshots(table, null) > 0
          && "IDLE".equals(harness.runtime("loop", "events").get("status").asText());
    }, done -> done);
    Table table = harness.table("loop.events");
    assertThat(summaryLong(table, "total-data-files")).isLessThanOrEqualTo(bound);
    assertThat(OptimizingHarness.stream(harness.processes("loop", "events")))
        .anySatisfy(p -> assertThat(p.get("type").asText()).isEqualTo("MINOR"));
    harness.assertContent("loop.events",
        "SELECT id, CASE WHEN id % 2 = 0 THEN 'eu' ELSE 'us' END AS region, concat('p', id) AS payload FROM range(0, 200)");
  }

  @Test
  void upsertsAndMergeOnReadDeletesCollapseToTheLatestVersionOfEachKey() throws Exception {
    harness.sql("CREATE TABLE lake.loop.users (id INT, name STRING, version INT) USING iceberg TBLPROPERTIES ("
        + "'format-version'='2', 'write.delete.mode'='merge-on-read', 'write.update.mode'='merge-on-read', "
        + "'write.merge.mode'='merge-on-read', 'self-optimizing.min-plan-interval'='1000')");
    UpsertWriter writer = new UpsertWriter(harness.table("loop.users"));
    Map<Integer, Integer> latest = new TreeMap<>();
    for (int round = 1; round <= 12; round++) {
      Map<Integer, Integer> batch = new HashMap<>();
      for (int id = 0; id < 30; id++) {
        if (round == 1 || (id + round) % 3 == 0) {
          batch.put(id, round);
        }
      }
      writer.upsert(batch);
      latest.putAll(batch);
    }
    harness.dml("MERGE INTO lake.loop.users t USING (SELECT id, 100 AS version FROM range(0, 30, 7)) s "
        + "ON t.id = CAST(s.id AS INT) WHEN MATCHED THEN UPDATE SET t.version = s.version, t.name = concat('n', t.id, 'v', s.version)");
    for (int id = 0; id < 30; id += 7) {
      latest.put(id, 100);
    }
    harness.dml("DELETE FROM lake.loop.users WHERE id IN (1, 2, 3)");
    latest.keySet().removeAll(List.of(1, 2, 3));
    Table before = harness.table("loop.users");
    org.apache.iceberg.Snapshot lastWrite = null;
    for (org.apache.iceberg.Snapshot snapshot : before.snapshots()) {
      lastWrite = snapshot.summary().containsKey(OptimizingHarness.PROCESS_ID_PROPERTY) ? lastWrite : snapshot;
    }
    assertThat(Long.parseLong(lastWrite.summary().get("total-delete-files"))).as("the writes left delete files").isPositive();

    harness.trigger("loop", "users", "FULL");
    harness.awaitCommitted("loop", "users", "FULL", Duration.ofMinutes(3));
    OptimizingHarness.poll("no delete file left", Duration.ofMinutes(3),
        () -> summaryLong(harness.table("loop.users"), "total-delete-files"), files -> files == 0);

    String expected = latest.entrySet().stream()
        .map(e -> "(" + e.getKey() + ", '" + UpsertWriter.name(e.getKey(), e.getValue()) + "', " + e.getValue() + ")")
        .collect(Collectors.joining(", "));
    harness.assertContent("loop.users", "SELECT * FROM VALUES " + expected + " AS v(id, name, version)");
    List<Row> duplicates = spark.sql("SELECT id FROM lake.loop.users GROUP BY id HAVING count(*) > 1").collectAsList();
    assertThat(duplicates).as("every key holds exactly one version").isEmpty();
  }

  @Test
  void fullOptimizingSortsEveryFileOnTheSortKey() throws Exception {
    harness.sql("CREATE TABLE lake.loop.sorted (id BIGINT, label STRING) USING iceberg "
        + "TBLPROPERTIES ('format-version'='2', 'self-optimizing.min-plan-interval'='1000')");
    for (int batch = 0; batch < 4; batch++) {
      harness.sql("INSERT INTO lake.loop.sorted SELECT (id * 7919 + %d) %% 1000 AS id, concat('l', id) FROM range(%d, %d)",
          batch, batch * 250, batch * 250 + 250);
    }
    harness.sql("ALTER TABLE lake.loop.sorted WRITE ORDERED BY id");
    Row before = harness.checksum("SELECT * FROM lake.loop.sorted");

    harness.trigger("loop", "sorted", "FULL");
    harness.awaitCommitted("loop", "sorted", "FULL", Duration.ofMinutes(3));

    Table table = harness.table("loop.sorted");
    spark.sql("REFRESH TABLE lake.loop.sorted");
    Row after = harness.checksum("SELECT * FROM lake.loop.sorted");
    assertThat(after.getLong(0)).isEqualTo(before.getLong(0));
    assertThat(after.get(1)).isEqualTo(before.get(1));
    try (CloseableIterable<FileScanTask> files = table.newScan().planFiles()) {
      for (FileScanTask file : files) {
        List<Long> ids = spark.read().parquet(file.file().location()).select("id").collectAsList()
            .stream().map(r -> r.getLong(0)).toList();
        assertThat(ids).as("rows of " + file.file().location()).isSorted();
      }
    }
  }
}
