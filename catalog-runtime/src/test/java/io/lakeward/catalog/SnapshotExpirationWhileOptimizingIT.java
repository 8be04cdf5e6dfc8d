package io.lakeward.catalog;

import static io.lakeward.catalog.OptimizingHarness.optimizingSnapshots;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot expiration while an optimizing process planned on an older snapshot is running: the
 * planned snapshot and the history after it survive, the snapshots before it go, and the process
 * still commits (its commit validates from the planned snapshot) with the content unchanged. Once
 * the process has committed, the next expiration deletes the files it replaced.
 */
class SnapshotExpirationWhileOptimizingIT {
  /** Holds the first optimizer's task, so the process stays RUNNING while the test expires snapshots. */
  private static final String TASK_DELAY = "-Dlakeward.fault.task-delay-ms=600000";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private AmsProcess ams;
  private SparkSession spark;
  private OptimizingHarness harness;
  private final List<OptimizerProcess> optimizers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (OptimizerProcess optimizer : optimizers) {
      optimizer.close();
    }
    if (spark != null) {
      spark.stop();
    }
    if (ams != null) {
      ams.close();
    }
  }

  @Test
  void expirationKeepsThePlannedSnapshotAndTheProcessStillCommits() throws Exception {
    ams = AmsProcess.start(dir, null, OptimizingHarness.FAST_AMS_YAML);
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    spark = OptimizingHarness.spark(ams);
    harness = new OptimizingHarness(spark, ams);
    harness.sql("CREATE NAMESPACE IF NOT EXISTS lake.maint");
    harness.sql("CREATE TABLE lake.maint.expiring (id BIGINT, label STRING) USING iceberg TBLPROPERTIES ("
        + "'format-version'='2', 'self-optimizing.min-plan-interval'='1000', "
        + "'self-optimizing.minor.trigger.file-count'='1000', 'table-expire.enabled'='false', "
        + "'clean-dangling-delete-files.enabled'='false', 'snapshot.keep.duration'='1ms', "
        + "'snapshot.keep.min-count'='1')");
    for (int batch = 0; batch < 5; batch++) {
      insert(batch * 100, batch * 100 + 100);
    }
    Table table = harness.table("maint.expiring");
    long fifth = table.currentSnapshot().snapshotId();

    optimizers.add(OptimizerProcess.start(dir.resolve("stuck"), ams.optimizingUri(), "default", 1, TASK_DELAY));
    harness.trigger("maint", "expiring", "FULL");
    JsonNode process = OptimizingHarness.poll("a task acked by the held optimizer", Duration.ofMinutes(2),
        () -> harness.processes("maint", "expiring"), list -> OptimizingHarness.stream(list)
            .flatMap(p -> OptimizingHarness.stream(p.get("tasks"))).anyMatch(t -> "ACKED".equals(t.get("status").asText())))
        .get(0);
    long planned = process.get("planned-snapshot-id").asLong();
    assertThat(planned).as("planned on the table as it was when triggered").isEqualTo(fifth);
    insert(500, 600);
    insert(600, 700);
    table.refresh();
    Set<Long> plannedAndLater = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.timestampMillis() >= table.snapshot(planned).timestampMillis()) {
        plannedAndLater.add(snapshot.snapshotId());
      }
    }
    assertThat(plannedAndLater).hasSize(3);

    JsonNode during = expire();
    assertThat(during.get("status").asText()).as(during.toString()).isEqualTo("SUCCESS");
    assertThat(during.get("metrics").get("snapshots-expired").asLong()).isEqualTo(4);
    assertThat(during.get("metrics").get("data-files-deleted").asLong()).as("every file is live").isZero();
    table.refresh();
    assertThat(snapshotIds(table)).isEqualTo(plannedAndLater);

    optimizers.get(0).kill();
    optimizers.add(OptimizerProcess.start(dir.resolve("rescuer"), ams.optimizingUri(), "default", 1));
    harness.awaitCommitted("maint", "expiring", "FULL", Duration.ofMinutes(4));
    harness.assertContent("maint.expiring", "SELECT id, concat('l', id) AS label FROM range(0, 700)");
    table = harness.table("maint.expiring");
    String processId = process.get("process-id").asText();
    assertThat(optimizingSnapshots(table, processId)).as("committed exactly once").isEqualTo(1);
    List<String> replaced = new ArrayList<>();
    for (DataFile file : table.currentSnapshot().removedDataFiles(table.io())) {
      replaced.add(file.location());
    }
    assertThat(replaced).hasSize(process.get("input-files").asInt());

    JsonNode after = expire();
    assertThat(after.get("status").asText()).as(after.toString()).isEqualTo("SUCCESS");
    assertThat(after.get("metrics").get("data-files-deleted").asLong()).isEqualTo(replaced.size());
    table.refresh();
    assertThat(snapshotIds(table)).containsExactly(table.currentSnapshot().snapshotId());
    harness.assertContent("maint.expiring", "SELECT id, concat('l', id) AS label FROM range(0, 700)");
    for (String location : replaced) {
      assertThat(Files.exists(local(location))).as("replaced file " + location).isFalse();
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        assertThat(Files.exists(local(task.file().location()))).as("live file " + task.file().location()).isTrue();
      }
    }
  }

  private void insert(int from, int to) {
    harness.sql("INSERT INTO lake.maint.expiring SELECT id, concat('l', id) FROM range(%d, %d)", from, to);
  }

  private JsonNode expire() throws Exception {
    HttpResponse<String> accepted = ams.admin("POST",
        "/api/ams/v1/catalogs/lake/databases/maint/tables/expiring/maintenance/expire-snapshots/run", null);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = JSON.readTree(accepted.body()).get("process-id").asText();
    return OptimizingHarness.poll("maintenance process " + id, Duration.ofMinutes(2),
        () -> JSON.readTree(ams.admin("GET", "/api/ams/v1/maintenance/processes/" + id, null).body()),
        run -> !"RUNNING".equals(run.get("status").asText()));
  }

  private static Set<Long> snapshotIds(Table table) {
    Set<Long> ids = new HashSet<>();
    table.snapshots().forEach(s -> ids.add(s.snapshotId()));
    return ids;
  }

  private static Path local(String location) {
    return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
  }
}
