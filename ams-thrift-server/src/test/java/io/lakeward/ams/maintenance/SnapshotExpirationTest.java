package io.lakeward.ams.maintenance;

import static io.lakeward.ams.maintenance.ExpirationTestData.filesOnDisk;
import static io.lakeward.ams.maintenance.ExpirationTestData.local;
import static io.lakeward.ams.maintenance.ExpirationTestData.nextMillisecond;
import static io.lakeward.ams.maintenance.ExpirationTestData.read;
import static io.lakeward.ams.maintenance.ExpirationTestData.referencedFiles;
import static io.lakeward.ams.maintenance.ExpirationTestData.rows;
import static io.lakeward.ams.maintenance.ExpirationTestData.snapshotIds;
import static io.lakeward.ams.maintenance.ExpirationTestData.writeData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshot expiration on real tables of an in-process AMS: which snapshots stay (min count, keep
 * duration, tags and branches, protected snapshots), that exactly the files only expired snapshots
 * referenced are deleted, statistics of retained snapshots survive, old metadata JSON files go, a
 * dry run changes nothing, a bad setting fails the run without a change, and a full scan returns the
 * same rows after every run.
 */
class SnapshotExpirationTest {
  private static final String DB = "exp";

  private static TestAms ams;
  private static RESTCatalog client;
  private final SnapshotExpiration expiration = new SnapshotExpiration();

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("lakeward-expire");
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
  void expiresOldSnapshotsKeepingMinCountAndKeepDuration() {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "history"), Map.of());
    DataFile first = append(table, "a", 1);
    Snapshot s1 = table.currentSnapshot();
    append(table, "b", 11);
    Snapshot s2 = table.currentSnapshot();
    nextMillisecond(s2.timestampMillis());
    table.newDelete().deleteFile(first).commit();
    Snapshot s3 = table.currentSnapshot();
    nextMillisecond(s3.timestampMillis());
    append(table, "a", 21);
    Snapshot s4 = table.currentSnapshot();
    append(table, "b", 31);
    Snapshot s5 = table.currentSnapshot();
    ExpirationTestData.Content before = read(table);
    assertThat(before.rows()).isEqualTo(30);
    Set<Path> filesBefore = filesOnDisk(table);
    assertThat(filesBefore).isEqualTo(referencedFiles(table));

    // Ten minutes after s4: s4 and s5 are within the keep duration, s3 is kept by the min count.
    Clock clock = Clock.fixed(Instant.ofEpochMilli(s4.timestampMillis()).plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    Map<String, String> settings = Map.of(SnapshotExpiration.KEEP_DURATION, "10", SnapshotExpiration.KEEP_MIN_COUNT, "3");
    MaintenanceOutcome dryRun = expiration.maintain(context(table, settings, Set.of(), true, clock));
    table.refresh();
    assertThat(snapshotIds(table)).containsExactlyInAnyOrder(s1.snapshotId(), s2.snapshotId(), s3.snapshotId(),
        s4.snapshotId(), s5.snapshotId());
    assertThat(filesOnDisk(table)).isEqualTo(filesBefore);

    MaintenanceOutcome outcome = expiration.maintain(context(table, settings, Set.of(), false, clock));
    table.refresh();
    assertThat(outcome.metrics()).isEqualTo(dryRun.metrics());
    assertThat(outcome.metrics()).containsEntry("snapshots-expired", 2L).containsEntry("data-files-deleted", 1L)
        .containsEntry("delete-files-deleted", 0L).containsEntry("manifest-files-deleted", 1L)
        .containsEntry("manifest-lists-deleted", 2L).containsEntry("metadata-files-deleted", 0L);
    assertThat(snapshotIds(table)).containsExactlyInAnyOrder(s3.snapshotId(), s4.snapshotId(), s5.snapshotId());
    assertThat(Files.exists(local(first.location()))).as("the data file only s1 and s2 had").isFalse();
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table)).isEqualTo(before);

    // Min count 1: s3 goes too. The manifest in which s3 recorded the deletion of the first file stays:
    // the fast appends after it carry it on, so s4 and s5 still list it.
    MaintenanceOutcome second = expiration.maintain(context(table,
        Map.of(SnapshotExpiration.KEEP_DURATION, "10min"), Set.of(), false, clock));
    table.refresh();
    assertThat(second.metrics()).containsEntry("snapshots-expired", 1L).containsEntry("data-files-deleted", 0L)
        .containsEntry("manifest-files-deleted", 0L).containsEntry("manifest-lists-deleted", 1L);
    assertThat(snapshotIds(table)).containsExactlyInAnyOrder(s4.snapshotId(), s5.snapshotId());
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table)).isEqualTo(before);
  }

  @Test
  void tagsAndBranchesKeepTheirSnapshotsAndRefsPastTheirMaxAgeGo() {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "refs"), Map.of());
    append(table, "a", 1);
    Snapshot s1 = table.currentSnapshot();
    table.manageSnapshots().createTag("v1", s1.snapshotId()).commit();
    append(table, "b", 11);
    Snapshot s2 = table.currentSnapshot();
    table.manageSnapshots().createBranch("audit", s2.snapshotId()).createTag("stale", s2.snapshotId())
        .setMaxRefAgeMs("stale", 1).commit();
    table.newFastAppend().appendFile(writeData(table, rows("a", 21, 10))).toBranch("audit").commit();
    Snapshot audit = table.snapshot("audit");
    append(table, "b", 31);
    Snapshot s4 = table.currentSnapshot();
    ExpirationTestData.Content main = read(table);
    ExpirationTestData.Content tagged = read(table, s1.snapshotId());
    ExpirationTestData.Content branch = read(table, audit.snapshotId());

    Clock dayLater = Clock.fixed(Instant.ofEpochMilli(s4.timestampMillis()).plus(Duration.ofDays(1)), ZoneOffset.UTC);
    MaintenanceOutcome outcome = expiration.maintain(context(table, Map.of(SnapshotExpiration.KEEP_DURATION, "1h"),
        Set.of(), false, dayLater));
    table.refresh();

    assertThat(outcome.metrics()).containsEntry("snapshots-expired", 1L).containsEntry("refs-removed", 1L)
        .containsEntry("manifest-lists-deleted", 1L).containsEntry("data-files-deleted", 0L);
    assertThat(snapshotIds(table)).containsExactlyInAnyOrder(s1.snapshotId(), audit.snapshotId(), s4.snapshotId());
    assertThat(table.refs().keySet()).containsExactlyInAnyOrder("main", "v1", "audit");
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table)).isEqualTo(main);
    assertThat(read(table, s1.snapshotId())).isEqualTo(tagged);
    assertThat(read(table, audit.snapshotId())).isEqualTo(branch);
  }

  @Test
  void aSnapshotAnOptimizingProcessWasPlannedFromSurvivesWithItsHistory() {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "planned"), Map.of());
    append(table, "a", 1);
    Snapshot s1 = table.currentSnapshot();
    append(table, "b", 11);
    Snapshot s2 = table.currentSnapshot();
    append(table, "a", 21);
    Snapshot s3 = table.currentSnapshot();
    append(table, "b", 31);
    Snapshot s4 = table.currentSnapshot();
    ExpirationTestData.Content before = read(table);
    Clock dayLater = Clock.fixed(Instant.ofEpochMilli(s4.timestampMillis()).plus(Duration.ofDays(1)), ZoneOffset.UTC);
    Map<String, String> settings = Map.of(SnapshotExpiration.KEEP_DURATION, "1h");

    MaintenanceOutcome outcome = expiration.maintain(context(table, settings, Set.of(s2.snapshotId()), false, dayLater));
    table.refresh();
    assertThat(outcome.metric("snapshots-expired")).isEqualTo(1);
    assertThat(snapshotIds(table)).containsExactlyInAnyOrder(s2.snapshotId(), s3.snapshotId(), s4.snapshotId());
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table, s2.snapshotId()).rows()).isEqualTo(20);

    // Once the process is gone, the same settings expire everything but the head.
    expiration.maintain(context(table, settings, Set.of(), false, dayLater));
    table.refresh();
    assertThat(snapshotIds(table)).containsExactly(s4.snapshotId());
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table)).isEqualTo(before);
    assertThat(s1.snapshotId()).isNotIn(snapshotIds(table));
  }

  @Test
  void filesLiveInARewrittenManifestStayAndARemovedDeleteFileGoes() {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "rewritten"), Map.of());
    DataFile a = append(table, "a", 1);
    DataFile b = append(table, "b", 11);
    DeleteFile deletes = ExpirationTestData.writePositionDeletes(table, a, 0, 1);
    nextMillisecond(table.currentSnapshot().timestampMillis());
    table.newRowDelta().addDeletes(deletes).commit();
    // One data manifest in place of the appends' two: a and b now live in a manifest no expired snapshot lists.
    nextMillisecond(table.currentSnapshot().timestampMillis());
    table.rewriteManifests().clusterBy(file -> "all").commit();
    nextMillisecond(table.currentSnapshot().timestampMillis());
    table.newRewrite().deleteFile(deletes).commit();
    Snapshot head = table.currentSnapshot();
    ExpirationTestData.Content before = read(table);
    assertThat(before.rows()).isEqualTo(20);
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));

    Clock dayLater = Clock.fixed(Instant.ofEpochMilli(head.timestampMillis()).plus(Duration.ofDays(1)), ZoneOffset.UTC);
    Map<String, String> settings = Map.of(SnapshotExpiration.KEEP_DURATION, "1h");
    MaintenanceOutcome dryRun = expiration.maintain(context(table, settings, Set.of(), true, dayLater));
    MaintenanceOutcome outcome = expiration.maintain(context(table, settings, Set.of(), false, dayLater));
    table.refresh();

    assertThat(outcome.metrics()).isEqualTo(dryRun.metrics());
    assertThat(outcome.metrics()).containsEntry("snapshots-expired", 4L).containsEntry("data-files-deleted", 0L)
        .containsEntry("delete-files-deleted", 1L).containsEntry("manifest-lists-deleted", 4L);
    assertThat(snapshotIds(table)).containsExactly(head.snapshotId());
    assertThat(Files.exists(local(a.location()))).isTrue();
    assertThat(Files.exists(local(b.location()))).isTrue();
    assertThat(Files.exists(local(deletes.location()))).as("the delete file the head removed").isFalse();
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table)).isEqualTo(before);
  }

  @Test
  void statisticsFilesOfRetainedSnapshotsSurvive() {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "stats"), Map.of());
    append(table, "a", 1);
    Snapshot s1 = table.currentSnapshot();
    StatisticsFile expiredStats = ExpirationTestData.addStatistics(table, s1);
    append(table, "b", 11);
    Snapshot s2 = table.currentSnapshot();
    StatisticsFile keptStats = ExpirationTestData.addStatistics(table, s2);
    append(table, "a", 21);
    Snapshot s3 = table.currentSnapshot();
    ExpirationTestData.Content before = read(table);
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));

    Clock dayLater = Clock.fixed(Instant.ofEpochMilli(s3.timestampMillis()).plus(Duration.ofDays(1)), ZoneOffset.UTC);
    MaintenanceOutcome outcome = expiration.maintain(context(table,
        Map.of(SnapshotExpiration.KEEP_DURATION, "1h", SnapshotExpiration.KEEP_MIN_COUNT, "2"), Set.of(), false,
        dayLater));
    table.refresh();

    assertThat(outcome.metrics()).containsEntry("snapshots-expired", 1L).containsEntry("statistics-files-deleted", 1L);
    assertThat(snapshotIds(table)).containsExactlyInAnyOrder(s2.snapshotId(), s3.snapshotId());
    assertThat(table.statisticsFiles()).extracting(StatisticsFile::path).containsExactly(keptStats.path());
    assertThat(Files.exists(local(keptStats.path()))).isTrue();
    assertThat(Files.exists(local(expiredStats.path()))).isFalse();
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table)).isEqualTo(before);
  }

  @Test
  void metadataFilesBeyondPreviousVersionsMaxAreDeletedThroughARestRun() throws Exception {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "versions"),
        Map.of("write.metadata.previous-versions-max", "2"));
    append(table, "a", 1);
    for (int i = 0; i < 5; i++) {
      nextMillisecond(System.currentTimeMillis());
      table.updateProperties().set("test.version", String.valueOf(i)).commit();
    }
    nextMillisecond(System.currentTimeMillis());
    table.refresh();
    ExpirationTestData.Content before = read(table);
    // create, append and five property changes: seven versions, the current one and two in the log.
    assertThat(ExpirationTestData.metadataJsonOnDisk(table)).hasSize(7);
    untilManaged("versions");

    JsonNode dryRun = run("versions", "{\"dry-run\": true}");
    assertThat(dryRun.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(dryRun.get("metrics").get("metadata-files-deleted").asLong()).isEqualTo(4);
    assertThat(ExpirationTestData.metadataJsonOnDisk(table)).hasSize(7);

    JsonNode done = run("versions", null);
    assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(done.get("metrics").get("metadata-files-deleted").asLong()).isEqualTo(4);
    assertThat(done.get("metrics").get("snapshots-expired").asLong()).isZero();
    table.refresh();
    TableMetadata current = ((HasTableOperations) table).operations().current();
    Set<String> expected = new java.util.HashSet<>();
    expected.add(name(current.metadataFileLocation()));
    current.previousFiles().forEach(entry -> expected.add(name(entry.file())));
    assertThat(expected).hasSize(3);
    assertThat(ExpirationTestData.metadataJsonOnDisk(table)).isEqualTo(expected);
    assertThat(read(table)).isEqualTo(before);
  }

  @Test
  void aMetadataDirectorySharedWithAnotherTableKeepsThatTablesFiles() throws Exception {
    Path sharedDirectory = Files.createTempDirectory("lakeward-shared-metadata");
    String shared = sharedDirectory.toUri().toString().replaceAll("/+$", "");
    Table neighbour = ExpirationTestData.create(client, TableIdentifier.of(DB, "neighbour"),
        Map.of("write.metadata.path", shared));
    for (int i = 0; i < 2; i++) {
      nextMillisecond(System.currentTimeMillis());
      neighbour.updateProperties().set("test.version", String.valueOf(i)).commit();
    }
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "sharing"),
        Map.of("write.metadata.path", shared, "write.metadata.previous-versions-max", "1"));
    for (int i = 0; i < 4; i++) {
      nextMillisecond(System.currentTimeMillis());
      table.updateProperties().set("test.version", String.valueOf(i)).commit();
    }
    nextMillisecond(System.currentTimeMillis());
    neighbour.refresh();
    table.refresh();
    Set<String> expected = new java.util.HashSet<>(logged(neighbour));
    expected.addAll(logged(table));
    assertThat(metadataJsonIn(sharedDirectory)).hasSize(3 + 5);

    MaintenanceOutcome outcome = expiration.maintain(context(table, Map.of(), Set.of(), false, Clock.systemUTC()));

    // The sharing table's three versions beyond its log go; the neighbour's older versions stay.
    assertThat(outcome.metric("metadata-files-deleted")).isEqualTo(3);
    assertThat(metadataJsonIn(sharedDirectory)).isEqualTo(expected);
    neighbour.refresh();
    assertThat(neighbour.properties()).containsEntry("test.version", "1");
  }

  private static Set<String> logged(Table table) {
    TableMetadata current = ((HasTableOperations) table).operations().current();
    Set<String> names = new java.util.HashSet<>();
    names.add(name(current.metadataFileLocation()));
    current.previousFiles().forEach(entry -> names.add(name(entry.file())));
    return names;
  }

  private static Set<String> metadataJsonIn(Path directory) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".metadata.json"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void aRestRunExpiresOnTheServerAndABadSettingFailsWithoutAChange() throws Exception {
    Table table = ExpirationTestData.create(client, TableIdentifier.of(DB, "served"),
        Map.of(SnapshotExpiration.KEEP_DURATION, "1ms", SnapshotExpiration.KEEP_MIN_COUNT, "2"));
    DataFile first = append(table, "a", 1);
    append(table, "b", 11);
    table.newDelete().deleteFile(first).commit();
    append(table, "a", 21);
    Snapshot head = table.currentSnapshot();
    ExpirationTestData.Content before = read(table);
    untilManaged("served");
    nextMillisecond(head.timestampMillis() + 1);

    JsonNode done = run("served", null);
    assertThat(done.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(done.get("metrics").get("snapshots-expired").asLong()).isEqualTo(2);
    assertThat(done.get("metrics").get("data-files-deleted").asLong()).isEqualTo(1);
    assertThat(done.get("summary").asText()).startsWith("Expired 2 of 4 snapshots");
    table.refresh();
    assertThat(snapshotIds(table)).hasSize(2).contains(head.snapshotId());
    assertThat(filesOnDisk(table)).isEqualTo(referencedFiles(table));
    assertThat(read(table)).isEqualTo(before);

    table.updateProperties().set(SnapshotExpiration.KEEP_DURATION, "abc").set(SnapshotExpiration.KEEP_MIN_COUNT, "1")
        .commit();
    table.refresh();
    String metadataBefore = ((HasTableOperations) table).operations().current().metadataFileLocation();
    Set<Path> filesBefore = filesOnDisk(table);
    JsonNode failed = run("served", null);
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("fail-reason").asText())
        .isEqualTo("Invalid table property snapshot.keep.duration: 'abc' is not a duration such as 30d, 12h, 720min or 90s");
    table.refresh();
    assertThat(((HasTableOperations) table).operations().current().metadataFileLocation()).isEqualTo(metadataBefore);
    assertThat(snapshotIds(table)).hasSize(2);
    assertThat(filesOnDisk(table)).isEqualTo(filesBefore);
    assertThat(read(table)).isEqualTo(before);
  }

  private static JsonNode run(String table, String body) throws InterruptedException {
    String path = "/api/ams/v1/catalogs/lake/databases/" + DB + "/tables/" + table + "/maintenance/expire-snapshots/run";
    io.lakeward.ams.testing.RestClient.Answer accepted = ams.rest().admin("POST", path, body);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    long id = accepted.json().get("process-id").asLong();
    return Poll.untilJson(() -> ams.rest().get("/api/ams/v1/maintenance/processes/" + id).json(),
        run -> !"RUNNING".equals(run.get("status").asText()), 60);
  }

  static void untilManaged(String table) throws InterruptedException {
    Poll.untilJson(() -> Poll.managedTables(ams, "lake"), managed -> managed.contains(DB + "." + table), 60);
  }

  private static String name(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Appends ten rows in a new snapshot strictly later than the current one. */
  private static DataFile append(Table table, String category, long firstId) {
    if (table.currentSnapshot() != null) {
      nextMillisecond(table.currentSnapshot().timestampMillis());
    }
    DataFile file = writeData(table, rows(category, firstId, 10));
    table.newFastAppend().appendFile(file).commit();
    return file;
  }

  private static MaintenanceContext context(Table table, Map<String, String> settings, Set<Long> protectedIds,
      boolean dryRun, Clock clock) {
    String[] parts = table.name().split("\\.");
    return new MaintenanceContext(new TableName("lake", DB, parts[parts.length - 1]), table,
        MaintenanceProperties.of(settings), protectedIds, dryRun, clock);
  }
}
