package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every maintenance action, run through the REST API of a real AMS, on Iceberg tables Spark wrote
 * through the catalog: the exact files and snapshots that remain, and a full scan that returns the
 * same rows before and after (except those data expiration was asked to remove). The schedule checks
 * only every hour here and self-optimizing is off on every table, so the runs the test starts are
 * the only things that change the tables.
 */
class MaintenanceSparkIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUIET_SCHEDULE = "  maintenance:\n    check-interval: 1h\n";
  /** Self-optimizing off; each test switches on the actions it runs. */
  private static final String BASE = "'format-version'='2', 'self-optimizing.enabled'='false'";

  @TempDir
  static Path dir;
  private static AmsProcess ams;
  private static SparkSession spark;
  private static OptimizingHarness harness;

  @BeforeAll
  static void start() throws Exception {
    ams = AmsProcess.start(dir, null, OptimizingHarness.FAST_AMS_YAML + QUIET_SCHEDULE);
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    spark = OptimizingHarness.spark(ams);
    harness = new OptimizingHarness(spark, ams);
    harness.sql("CREATE NAMESPACE IF NOT EXISTS lake.maint");
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
  void expireSnapshotsKeepsTheNewestTwoAndTheTaggedOneAndDeletesWhatOnlyExpiredOnesReferenced() throws Exception {
    harness.sql("CREATE TABLE lake.maint.snaps (id BIGINT, label STRING) USING iceberg TBLPROPERTIES (%s, "
        + "'write.delete.mode'='copy-on-write', 'clean-dangling-delete-files.enabled'='false', "
        + "'snapshot.keep.duration'='1s', 'snapshot.keep.min-count'='2')", BASE);
    insert("snaps", 0, 100);
    harness.sql("DELETE FROM lake.maint.snaps WHERE id < 50");
    insert("snaps", 100, 200);
    long tagged = harness.table("maint.snaps").currentSnapshot().snapshotId();
    harness.sql("ALTER TABLE lake.maint.snaps CREATE TAG keep AS OF VERSION %d", tagged);
    insert("snaps", 200, 300);
    insert("snaps", 300, 400);
    insert("snaps", 400, 500);
    Table table = harness.table("maint.snaps");
    List<Snapshot> history = ancestry(table);
    assertThat(history).hasSize(6);
    Set<Long> retained = Set.of(tagged, history.get(4).snapshotId(), history.get(5).snapshotId());
    Map<Long, Set<String>> files = new HashMap<>();
    for (Snapshot snapshot : history) {
      files.put(snapshot.snapshotId(), dataFiles(table, snapshot.snapshotId()));
    }
    Set<String> kept = union(files, retained::contains);
    Set<String> gone = union(files, id -> !retained.contains(id));
    gone.removeAll(kept);
    assertThat(gone).as("files the DELETE replaced, referenced by expired snapshots only").isNotEmpty();
    long fourth = history.get(3).timestampMillis();
    OptimizingHarness.poll("the 4th snapshot older than the keep duration", Duration.ofSeconds(30),
        System::currentTimeMillis, now -> now > fourth + 1500);
    Row content = scan("snaps");

    JsonNode run = run("snaps", "expire-snapshots", false);
    assertThat(metric(run, "snapshots-expired")).isEqualTo(3);
    assertThat(metric(run, "data-files-deleted")).isEqualTo(gone.size());
    table.refresh();
    assertThat(snapshotIds(table)).isEqualTo(retained);
    assertThat(table.refs().get("keep").snapshotId()).isEqualTo(tagged);
    for (Snapshot snapshot : history) {
      boolean stays = retained.contains(snapshot.snapshotId());
      assertThat(Files.exists(local(snapshot.manifestListLocation()))).as("manifest list of " + snapshot.snapshotId())
          .isEqualTo(stays);
    }
    gone.forEach(file -> assertThat(Files.exists(local(file))).as("expired-only file " + file).isFalse());
    kept.forEach(file -> assertThat(Files.exists(local(file))).as("retained file " + file).isTrue());
    assertThat(scan("snaps")).isEqualTo(content);
    harness.assertContent("maint.snaps", "SELECT id, concat('l', id) AS label FROM range(50, 500)");
  }

  @Test
  void cleanDanglingDeletesRemovesExactlyTheDeletesOfRemovedDataFiles() throws Exception {
    harness.sql("CREATE TABLE lake.maint.dangling (id BIGINT, part INT) USING iceberg PARTITIONED BY (part) "
        + "TBLPROPERTIES (%s, 'table-expire.enabled'='false', 'write.delete.mode'='merge-on-read', "
        + "'write.update.mode'='merge-on-read', 'write.merge.mode'='merge-on-read')", BASE);
    harness.sql("INSERT INTO lake.maint.dangling SELECT id, CAST(id %% 2 AS INT) FROM range(0, 200)");
    harness.sql("DELETE FROM lake.maint.dangling WHERE id %% 5 = 0");
    Table table = harness.table("maint.dangling");
    Set<String> dangling = new HashSet<>();
    DeleteFiles removal = table.newDelete();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        if (task.file().partition().get(0, Integer.class) == 0) {
          removal.deleteFile(task.file());
          task.deletes().forEach(delete -> dangling.add(delete.location()));
        }
      }
    }
    assertThat(dangling).as("Spark's merge-on-read DELETE wrote position deletes in partition 0").isNotEmpty();
    // The data files those deletes apply to go; the deletes stay behind, applying to nothing.
    removal.commit();
    table.refresh();
    Set<String> before = liveDeleteFiles(table);
    assertThat(before).containsAll(dangling);
    assertThat(applyingDeleteFiles(table)).doesNotContainAnyElementsOf(dangling).isNotEmpty();
    Row content = scan("dangling");

    JsonNode run = run("dangling", "clean-dangling-deletes", false);
    assertThat(metric(run, "delete-files-removed")).isEqualTo(dangling.size());
    assertThat(metric(run, "position-delete-files-removed")).isEqualTo(dangling.size());
    assertThat(metric(run, "equality-delete-files-removed")).isZero();
    table.refresh();
    Set<String> after = liveDeleteFiles(table);
    Set<String> expected = new HashSet<>(before);
    expected.removeAll(dangling);
    assertThat(after).isEqualTo(expected).isEqualTo(applyingDeleteFiles(table));
    assertThat(table.currentSnapshot().summary())
        .containsEntry("lakeward.maintenance.action", "clean-dangling-deletes");
    assertThat(scan("dangling")).isEqualTo(content);
    harness.assertContent("maint.dangling", "SELECT id, CAST(id % 2 AS INT) AS part FROM range(0, 200) "
        + "WHERE id % 2 = 1 AND id % 5 <> 0");
  }

  @Test
  void cleanOrphanFilesDeletesExactlyTheOldUnreferencedFiles() throws Exception {
    harness.sql("CREATE TABLE lake.maint.orphans (id BIGINT) USING iceberg TBLPROPERTIES (%s, "
        + "'table-expire.enabled'='false', 'clean-dangling-delete-files.enabled'='false', "
        + "'clean-orphan-file.enabled'='true')", BASE);
    insert2("orphans", 0, 100);
    insert2("orphans", 100, 200);
    Path root = local(harness.table("maint.orphans").location());
    Path oldData = plant(root.resolve("data/orphan-old.parquet"), Duration.ofDays(3));
    Path oldMetadata = plant(root.resolve("metadata/orphan-old.avro"), Duration.ofDays(3));
    Path young = plant(root.resolve("data/orphan-young.parquet"), Duration.ZERO);
    Set<Path> files = walk(root);
    Row content = scan("orphans");

    JsonNode dry = run("orphans", "clean-orphan-files", true);
    assertThat(metric(dry, "orphan-files")).as(dry.toString()).isEqualTo(2);
    assertThat(metric(dry, "data-orphans")).isEqualTo(1);
    assertThat(metric(dry, "metadata-orphans")).isEqualTo(1);
    assertThat(metric(dry, "recent-unreferenced-files")).isEqualTo(1);
    assertThat(metric(dry, "files-deleted")).isZero();
    assertThat(walk(root)).as("a dry run deletes nothing").isEqualTo(files);

    JsonNode run = run("orphans", "clean-orphan-files", false);
    assertThat(metric(run, "files-deleted")).as(run.toString()).isEqualTo(2);
    assertThat(metric(run, "delete-failures")).isZero();
    Set<Path> expected = new HashSet<>(files);
    expected.removeAll(Set.of(oldData, oldMetadata));
    assertThat(walk(root)).isEqualTo(expected).contains(young);
    assertThat(scan("orphans")).isEqualTo(content);
    harness.assertContent("maint.orphans", "SELECT id FROM range(0, 200)");
  }

  @Test
  void expireDataRemovesExactlyTheRowsPastTheRetention() throws Exception {
    harness.sql("CREATE TABLE lake.maint.events (id BIGINT, ts TIMESTAMP) USING iceberg PARTITIONED BY (days(ts)) "
        + "TBLPROPERTIES (%s, 'table-expire.enabled'='false', 'clean-dangling-delete-files.enabled'='false', "
        + "'data-expire.enabled'='true', 'data-expire.field'='ts', 'data-expire.retention-time'='30d', "
        + "'data-expire.level'='file')", BASE);
    // Rows 5, 15, ..., 95 days old: none within days of the 30-day cutoff, so the clock cannot tip one over.
    long now = Instant.now().getEpochSecond();
    spark.sql(String.format("CREATE OR REPLACE TEMP VIEW events_source AS SELECT id, "
        + "timestamp_seconds(%d - ((id %% 10) * 10 + 5) * 86400) AS ts FROM range(0, 100)", now));
    harness.sql("INSERT INTO lake.maint.events SELECT * FROM events_source");
    Table table = harness.table("maint.events");
    long cutoffDay = LocalDate.ofInstant(Instant.ofEpochSecond(now), ZoneOffset.UTC).toEpochDay() - 30;
    Set<String> old = new HashSet<>();
    Set<String> recent = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        boolean expired = task.file().partition().get(0, Integer.class) < cutoffDay;
        (expired ? old : recent).add(task.file().location());
      }
    }
    assertThat(old).isNotEmpty();
    assertThat(recent).isNotEmpty();

    JsonNode run = run("events", "expire-data", false);
    assertThat(metric(run, "rows-expired")).as(run.toString()).isEqualTo(70);
    assertThat(metric(run, "files-removed")).isEqualTo(old.size());
    assertThat(metric(run, "position-delete-files-added")).isZero();
    table.refresh();
    assertThat(dataFiles(table, table.currentSnapshot().snapshotId())).isEqualTo(recent);
    assertThat(table.currentSnapshot().summary()).containsEntry("lakeward.maintenance.action", "expire-data");
    harness.assertContent("maint.events", "SELECT * FROM events_source WHERE id % 10 < 3");
  }

  @Test
  void autoTagTagsTheSnapshotCurrentAtTheBoundary() throws Exception {
    harness.sql("CREATE TABLE lake.maint.tagged (id BIGINT) USING iceberg TBLPROPERTIES (%s, "
        + "'table-expire.enabled'='false', 'clean-dangling-delete-files.enabled'='false', "
        + "'tag.auto-create.enabled'='true', 'tag.auto-create.trigger.period'='daily')", BASE);
    insert2("tagged", 0, 10);
    Snapshot first = harness.table("maint.tagged").currentSnapshot();

    // In UTC the boundary is today's midnight, before the table existed: nothing to tag.
    String todayBefore = dailyTag(Instant.now(), ZoneOffset.UTC);
    JsonNode utc = run("tagged", "auto-tag", false);
    String todayAfter = dailyTag(Instant.now(), ZoneOffset.UTC);
    assertThat(metric(utc, "tags-created")).as(utc.toString()).isZero();
    if (todayBefore.equals(dailyTag(Instant.ofEpochMilli(first.timestampMillis()), ZoneOffset.UTC))) {
      assertThat(utc.get("summary").asText()).matches(
          summary -> summary.startsWith("No tag " + todayBefore) || summary.startsWith("No tag " + todayAfter));
    }

    // A zone whose midnight falls two seconds after the first snapshot: a boundary the test controls.
    long boundary = (first.timestampMillis() / 1000 + 2) * 1000;
    ZoneOffset zone = midnightAt(boundary);
    harness.sql("ALTER TABLE lake.maint.tagged SET TBLPROPERTIES ('tag.auto-create.time-zone'='%s')", zone.getId());
    OptimizingHarness.poll("the boundary passed", Duration.ofSeconds(30), System::currentTimeMillis,
        now -> now > boundary + 200);
    insert2("tagged", 10, 20);
    Row content = scan("tagged");

    JsonNode run = run("tagged", "auto-tag", false);
    String name = dailyTag(Instant.ofEpochMilli(boundary), zone);
    assertThat(metric(run, "tags-created")).as(run.toString()).isEqualTo(1);
    assertThat(metric(run, "tagged-snapshot-id")).isEqualTo(first.snapshotId());
    List<Row> refs = spark.sql("SELECT snapshot_id FROM lake.maint.tagged.refs WHERE type = 'TAG' AND name = '"
        + name + "'").collectAsList();
    assertThat(refs).hasSize(1);
    assertThat(refs.get(0).getLong(0)).isEqualTo(first.snapshotId());
    Row asOfTag = harness.checksum("SELECT * FROM lake.maint.tagged VERSION AS OF '" + name + "'");
    assertThat(asOfTag).isEqualTo(harness.checksum("SELECT id FROM range(0, 10)"));
    assertThat(scan("tagged")).isEqualTo(content);
    harness.assertContent("maint.tagged", "SELECT id FROM range(0, 20)");
  }

  private void insert(String table, int from, int to) {
    harness.sql("INSERT INTO lake.maint.%s SELECT id, concat('l', id) FROM range(%d, %d)", table, from, to);
  }

  private void insert2(String table, int from, int to) {
    harness.sql("INSERT INTO lake.maint.%s SELECT id FROM range(%d, %d)", table, from, to);
  }

  private Row scan(String table) {
    spark.sql("REFRESH TABLE lake.maint." + table);
    return harness.checksum("SELECT * FROM lake.maint." + table);
  }

  /** Starts the action on the table once the AMS manages it and waits for the run to end in SUCCESS. */
  private static JsonNode run(String table, String action, boolean dryRun) throws Exception {
    String base = "/api/ams/v1/catalogs/lake/databases/maint/tables/" + table + "/maintenance";
    OptimizingHarness.poll(table + " managed", Duration.ofMinutes(1),
        () -> ams.admin("GET", base, null).statusCode(), status -> status == 200);
    HttpResponse<String> accepted = ams.admin("POST", base + "/" + action + "/run",
        dryRun ? "{\"dry-run\": true}" : null);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = JSON.readTree(accepted.body()).get("process-id").asText();
    JsonNode run = OptimizingHarness.poll(action + " run " + id, Duration.ofMinutes(1),
        () -> JSON.readTree(ams.admin("GET", "/api/ams/v1/maintenance/processes/" + id, null).body()),
        r -> !"RUNNING".equals(r.get("status").asText()));
    assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
    assertThat(run.get("dry-run").asBoolean()).isEqualTo(dryRun);
    return run;
  }

  private static long metric(JsonNode run, String name) {
    JsonNode value = run.get("metrics").get(name);
    assertThat(value).as("metric " + name + " of " + run).isNotNull();
    return value.asLong();
  }

  /** The main branch from its first snapshot to its current one. */
  private static List<Snapshot> ancestry(Table table) {
    List<Snapshot> snapshots = new ArrayList<>();
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null) {
      snapshots.add(0, snapshot);
      snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
    }
    return snapshots;
  }

  private static Set<String> dataFiles(Table table, long snapshotId) throws Exception {
    Set<String> files = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
      tasks.forEach(task -> files.add(task.file().location()));
    }
    return files;
  }

  private static Set<String> union(Map<Long, Set<String>> files, LongPredicate which) {
    return files.entrySet().stream().filter(e -> which.test(e.getKey())).flatMap(e -> e.getValue().stream())
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** Every live delete file of the current snapshot, whether or not it applies to a data file. */
  private static Set<String> liveDeleteFiles(Table table) throws Exception {
    Set<String> files = new HashSet<>();
    for (ManifestFile manifest : table.currentSnapshot().deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        reader.forEach(file -> files.add(file.location()));
      }
    }
    return files;
  }

  /** The delete files a reader's scan planning attaches to some live data file. */
  private static Set<String> applyingDeleteFiles(Table table) throws Exception {
    Set<String> files = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> task.deletes().forEach(delete -> files.add(delete.location())));
    }
    return files;
  }

  private static Set<Long> snapshotIds(Table table) {
    Set<Long> ids = new HashSet<>();
    table.snapshots().forEach(s -> ids.add(s.snapshotId()));
    return ids;
  }

  private static Path plant(Path file, Duration age) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not referenced by the table");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    return file;
  }

  private static Set<Path> walk(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).collect(Collectors.toSet());
    }
  }

  /** The fixed offset (whole seconds, within +-18h) whose local midnight is the given instant. */
  private static ZoneOffset midnightAt(long epochMillis) {
    int secondOfDay = (int) Math.floorMod(epochMillis / 1000, 86_400L);
    return ZoneOffset.ofTotalSeconds(secondOfDay <= 64_800 ? -secondOfDay : 86_400 - secondOfDay);
  }

  private static String dailyTag(Instant instant, ZoneOffset zone) {
    return "tag-" + DateTimeFormatter.ofPattern("yyyyMMdd").format(instant.atOffset(zone));
  }

  private static Path local(String location) {
    return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
  }
}
