package io.lakeward.ams.maintenance;

import static io.lakeward.ams.maintenance.ExpirationTestData.liveDeleteFiles;
import static io.lakeward.ams.maintenance.ExpirationTestData.read;
import static io.lakeward.ams.maintenance.ExpirationTestData.rows;
import static io.lakeward.ams.maintenance.ExpirationTestData.writeData;
import static io.lakeward.ams.maintenance.ExpirationTestData.writeEqualityDeletes;
import static io.lakeward.ams.maintenance.ExpirationTestData.writePositionDeletes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dangling delete cleaning on real tables: position deletes of a removed data file and equality
 * deletes older than every data file of their partition are removed in one replace commit; deletes
 * that still apply stay; a full scan returns the same rows; nothing to do means no commit; deletes a
 * running optimizing process may remove itself are left alone.
 */
class DanglingDeleteCleaningTest {
  private static final String DB = "dangling";

  private static TestAms ams;
  private static RESTCatalog client;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("lakeward-dangling");
    ams = TestAms.start(TestAms.derby(home), home);
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    client = ams.icebergRestClient("lake");
    client.createNamespace(Namespace.of(DB));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    ams.close();
  }

  @Test
  void removesDeletesThatNoLongerApplyAndKeepsTheOthers() throws Exception {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "events"), Map.of());
    List<Record> rowsOfB = rows("a", 11, 10);
    List<Record> rowsOfC = rows("b", 21, 10);
    DataFile a = writeData(table, rows("a", 1, 10));
    DataFile b = writeData(table, rowsOfB);
    DataFile c = writeData(table, rowsOfC);
    table.newFastAppend().appendFile(a).appendFile(b).appendFile(c).commit();
    DeleteFile positionsOfA = writePositionDeletes(table, a, 0);
    DeleteFile positionsOfB = writePositionDeletes(table, b, 1);
    table.newRowDelta().addDeletes(positionsOfA).addDeletes(positionsOfB).commit();
    DeleteFile equalityInA = writeEqualityDeletes(table, "a", 3);
    table.newRowDelta().addDeletes(equalityInA).commit();
    DeleteFile equalityInB = writeEqualityDeletes(table, "b", 22);
    table.newRowDelta().addDeletes(equalityInB).commit();
    // B and C are rewritten without their deleted rows (as an optimizing would): B's position
    // deletes now name a file that is gone, and partition b's equality deletes are older than C'.
    DataFile rewrittenB = writeData(table, without(rowsOfB, 12));
    DataFile rewrittenC = writeData(table, without(rowsOfC, 22));
    table.newRewrite().validateFromSnapshot(table.currentSnapshot().snapshotId()).deleteFile(b).deleteFile(c)
        .addFile(rewrittenB).addFile(rewrittenC).commit();
    Snapshot rewritten = table.currentSnapshot();
    ExpirationTestData.Content before = read(table);
    assertThat(before.rows()).isEqualTo(26);
    assertThat(liveDeleteFiles(table)).containsExactlyInAnyOrder(positionsOfA.location(), positionsOfB.location(),
        equalityInA.location(), equalityInB.location());
    untilManaged("events");

    JsonNode dryRun = run("events", "{\"dry-run\": true}");
    assertThat(dryRun.get("status").asText()).isEqualTo("SUCCESS");
    long bytes = positionsOfB.fileSizeInBytes() + equalityInB.fileSizeInBytes();
    assertThat(metrics(dryRun)).isEqualTo(Map.of("delete-files-removed", 2L, "position-delete-files-removed", 1L,
        "equality-delete-files-removed", 1L, "bytes-removed", bytes, "delete-files-held-for-optimizing", 0L));
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(rewritten.snapshotId());

    JsonNode done = run("events", null);
    assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(metrics(done)).isEqualTo(metrics(dryRun));
    assertThat(done.get("summary").asText()).isEqualTo("Removed 2 of 4 delete files (1 position, 1 equality, "
        + bytes + " bytes)");
    table.refresh();
    Snapshot cleaned = table.currentSnapshot();
    assertThat(cleaned.parentId()).isEqualTo(rewritten.snapshotId());
    assertThat(cleaned.operation()).isEqualTo("replace");
    assertThat(cleaned.summary()).containsEntry(DanglingDeleteCleaning.ACTION_PROPERTY, "clean-dangling-deletes");
    assertThat(liveDeleteFiles(table)).containsExactlyInAnyOrder(positionsOfA.location(), equalityInA.location());
    assertThat(read(table)).isEqualTo(before);

    JsonNode again = run("events", null);
    assertThat(again.get("metrics").get("delete-files-removed").asLong()).isZero();
    assertThat(again.get("summary").asText()).isEqualTo("No dangling delete files among 2");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(cleaned.snapshotId());
  }

  @Test
  void deletesARunningOptimizingProcessMayRemoveAreLeftAlone() {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "held"), Map.of());
    DataFile a = writeData(table, rows("a", 1, 10));
    DataFile b = writeData(table, rows("a", 11, 10));
    table.newFastAppend().appendFile(a).appendFile(b).commit();
    DeleteFile positionsOfA = writePositionDeletes(table, a, 2);
    table.newRowDelta().addDeletes(positionsOfA).commit();
    table.newDelete().deleteFile(a).commit();
    Snapshot planned = table.currentSnapshot();
    ExpirationTestData.Content before = read(table);
    DanglingDeleteCleaning cleaning = new DanglingDeleteCleaning();

    MaintenanceOutcome held = cleaning.maintain(context(table, Set.of(planned.snapshotId())));
    assertThat(held.metric("delete-files-removed")).isZero();
    assertThat(held.metric("delete-files-held-for-optimizing")).isEqualTo(1);
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(planned.snapshotId());

    MaintenanceOutcome removed = cleaning.maintain(context(table, Set.of()));
    assertThat(removed.metric("delete-files-removed")).isEqualTo(1);
    assertThat(removed.metric("position-delete-files-removed")).isEqualTo(1);
    table.refresh();
    assertThat(liveDeleteFiles(table)).isEmpty();
    assertThat(read(table)).isEqualTo(before);
  }

  private static List<Record> without(List<Record> rows, long id) {
    return rows.stream().filter(r -> !r.getField("id").equals(id)).collect(Collectors.toList());
  }

  private static Map<String, Long> metrics(JsonNode run) {
    Map<String, Long> metrics = new java.util.HashMap<>();
    run.get("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asLong()));
    return metrics;
  }

  private static MaintenanceContext context(Table table, Set<Long> protectedIds) {
    return new MaintenanceContext(new TableName("lake", DB, "held"), table, MaintenanceProperties.of(Map.of()),
        protectedIds, false, Clock.systemUTC());
  }

  private static void untilManaged(String table) throws InterruptedException {
    Poll.untilJson(() -> Poll.managedTables(ams, "lake"), managed -> managed.contains(DB + "." + table), 60);
  }

  private static JsonNode run(String table, String body) throws InterruptedException {
    String path = "/api/ams/v1/catalogs/lake/databases/" + DB + "/tables/" + table
        + "/maintenance/clean-dangling-deletes/run";
    RestClient.Answer accepted = ams.rest().admin("POST", path, body);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    long id = accepted.json().get("process-id").asLong();
    return Poll.untilJson(() -> ams.rest().get("/api/ams/v1/maintenance/processes/" + id).json(),
        run -> !"RUNNING".equals(run.get("status").asText()), 60);
  }
}
