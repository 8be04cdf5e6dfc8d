package io.lakeward.ams.maintenance;

import static io.lakeward.ams.maintenance.OrphanCleaningTables.QUIET;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.SCHEMA;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.SPEC;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.append;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.createFile;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.expected;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.filesUnder;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.localPath;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.referencedFiles;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.rows;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.scan;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.setModified;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.setModifiedBelow;
import static io.lakeward.ams.maintenance.OrphanCleaningTables.writeData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.PartitionStatsHandler;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Orphan file cleaning on real tables of an in-process AMS (Derby, internal catalog, tables written
 * with real Parquet data and deletes through the catalog's Iceberg REST API): what goes, what stays,
 * and that no committed file is ever lost, also while a writer commits.
 */
class OrphanFileCleaningTest {
  private static final String DATABASE = "orphans";
  private static final String MIN_AGE = OrphanFileCleaning.MIN_EXISTING_TIME_MINUTES;
  private static final long DAY = Duration.ofDays(1).toMillis();

  private static TestAms ams;
  private static RESTCatalog client;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("lakeward-orphans");
    ams = TestAms.start(TestAms.derby(home), home);
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    client = ams.icebergRestClient("lake");
    client.createNamespace(Namespace.of(DATABASE));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    ams.close();
  }

  @Test
  void deletesOldOrphansAndKeepsEveryReferencedFileAfterADryRunThatOnlyReports() throws Exception {
    Table table = create("full");
    List<Record> eu = rows(1, 10, "eu");
    List<Record> us = rows(100, 10, "us");
    List<Record> eu2 = rows(200, 10, "eu");
    DataFile euFile = append(table, eu);
    append(table, us);
    append(table, eu2);
    DeleteFile positionDeletes = OrphanCleaningTables.deletePositions(table, euFile, eu.get(0), 0, 1);
    DeleteFile equalityDeletes = OrphanCleaningTables.deleteIds(table, "us", 100, 101);
    StatisticsFile statistics = OrphanCleaningTables.addStatistics(table);
    PartitionStatisticsFile partitionStatistics = PartitionStatsHandler.computeAndWriteStatsFile(table);
    table.updatePartitionStatistics().setPartitionStatistics(partitionStatistics).commit();
    table.refresh();
    List<Record> live = new ArrayList<>();
    live.addAll(eu.subList(2, eu.size()));
    live.addAll(us.subList(2, us.size()));
    live.addAll(eu2);
    long[] rowsBefore = scan(table);
    assertThat(rowsBefore).isEqualTo(expected(live));

    Path dir = localPath(table.location());
    long now = System.currentTimeMillis();
    long old = now - 3 * DAY;
    setModifiedBelow(dir, old); // only references protect these files now, not their age
    Set<String> referenced = filesUnder(dir);
    assertThat(referenced).as("every file of the table is referenced").isEqualTo(referencedFiles(table));
    assertThat(referenced).contains(path(euFile.location()), path(positionDeletes.location()),
        path(equalityDeletes.location()), path(statistics.path()), path(partitionStatistics.path()),
        path(table.currentSnapshot().manifestListLocation()),
        path(((org.apache.iceberg.HasTableOperations) table).operations().current().metadataFileLocation()));

    Path failedWrite = localPath(writeData(table, rows(900, 5, "eu")).location());
    setModified(failedWrite, old);
    List<Path> orphans = List.of(failedWrite,
        createFile(dir.resolve("data/region=us/leftover.parquet"), "leftover", old),
        createFile(dir.resolve("metadata/00099-" + UUID.randomUUID() + ".metadata.json"), "{}", old),
        createFile(dir.resolve("metadata/snap-1-1-" + UUID.randomUUID() + ".avro"), "not a manifest list", old));
    long orphanBytes = 0;
    for (Path orphan : orphans) {
      orphanBytes += Files.size(orphan);
    }
    Path young = createFile(dir.resolve("data/region=eu/young.parquet"), "young", now - DAY);
    Path hidden = createFile(dir.resolve("data/_temporary/0/part-0.parquet"), "hidden", old);
    Path besideTheLocations = createFile(dir.resolve("notes.txt"), "not in data/ or metadata/", old);
    Path siblingTable = createFile(dir.resolveSibling(dir.getFileName() + "_backup").resolve("data/x.parquet"),
        "another table's", old);
    Set<String> everything = union(referenced, strings(orphans), strings(List.of(young, hidden, besideTheLocations)));

    JsonNode dryRun = run("full", true);
    assertThat(dryRun.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(dryRun.get("dry-run").asBoolean()).isTrue();
    JsonNode planned = dryRun.get("metrics");
    assertThat(planned.get("orphan-files").asLong()).isEqualTo(4);
    assertThat(planned.get("data-orphans").asLong()).isEqualTo(2);
    assertThat(planned.get("metadata-orphans").asLong()).isEqualTo(2);
    assertThat(planned.get("orphan-bytes").asLong()).isEqualTo(orphanBytes);
    assertThat(planned.get("files-deleted").asLong()).isZero();
    assertThat(planned.get("recent-unreferenced-files").asLong()).isEqualTo(1);
    // Hidden files are listed but never touched: _temporary/ and the .crc files of Hadoop's local file system.
    long checksums = checksumFiles(dir.resolve("data")) + checksumFiles(dir.resolve("metadata"));
    assertThat(planned.get("hidden-files-skipped").asLong()).isEqualTo(1 + checksums);
    assertThat(planned.get("files-scanned").asLong()).isEqualTo(referenced.size() + 4 + 2 + checksums);
    for (Path orphan : orphans) {
      assertThat(dryRun.get("summary").asText()).contains(orphan.getFileName().toString());
    }
    assertThat(filesUnder(dir)).as("a dry run deletes nothing").isEqualTo(everything);

    JsonNode real = run("full", false);
    assertThat(real.get("status").asText()).isEqualTo("SUCCESS");
    JsonNode done = real.get("metrics");
    assertThat(done.get("files-deleted").asLong()).isEqualTo(4);
    assertThat(done.get("bytes-deleted").asLong()).isEqualTo(orphanBytes);
    assertThat(done.get("delete-failures").asLong()).isZero();
    assertThat(filesUnder(dir)).isEqualTo(union(referenced, strings(List.of(young, hidden, besideTheLocations))));
    assertThat(siblingTable).exists();
    table.refresh();
    assertThat(scan(table)).isEqualTo(rowsBefore);
  }

  @Test
  void filesYoungerThanTheMinimumAgeStay() throws Exception {
    Table table = create("young");
    List<Record> rows = rows(1, 5, "eu");
    append(table, rows);
    Path dir = localPath(table.location());
    long now = System.currentTimeMillis();
    setModifiedBelow(dir, now - 3 * DAY);
    Path almostTwoDays = createFile(dir.resolve("data/region=eu/47h.parquet"), "a", now - Duration.ofHours(47).toMillis());
    Path overTwoDays = createFile(dir.resolve("data/region=eu/49h.parquet"), "b", now - Duration.ofHours(49).toMillis());

    JsonNode byDefault = run("young", false);
    assertThat(byDefault.get("metrics").get("files-deleted").asLong()).isEqualTo(1);
    assertThat(byDefault.get("metrics").get("recent-unreferenced-files").asLong()).isEqualTo(1);
    assertThat(overTwoDays).doesNotExist();
    assertThat(almostTwoDays).as("younger than the default 2880 minutes").exists();

    table.updateProperties().set(MIN_AGE, "600").commit();
    JsonNode tenHours = run("young", false);
    assertThat(tenHours.get("metrics").get("files-deleted").asLong()).isEqualTo(1);
    assertThat(almostTwoDays).doesNotExist();
    table.refresh();
    assertThat(filesUnder(dir)).isEqualTo(referencedFiles(table));
    assertThat(scan(table)).isEqualTo(expected(rows));
  }

  @Test
  void aWriterCommittingConcurrentlyNeverLosesACommittedFile() throws Exception {
    Table table = create("busy");
    table.updateProperties().set(MIN_AGE, "0").commit();
    List<Record> committed = new CopyOnWriteArrayList<>(rows(1, 3, "eu"));
    append(table, committed);
    Path dir = localPath(table.location());
    long old = System.currentTimeMillis() - DAY;
    List<Path> orphans = List.of(createFile(dir.resolve("data/region=eu/orphan-1.parquet"), "1", old),
        createFile(dir.resolve("data/region=us/orphan-2.parquet"), "2", old),
        createFile(dir.resolve("metadata/orphan-3.avro"), "3", old));

    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> writerError = new AtomicReference<>();
    List<long[]> commitWindows = new CopyOnWriteArrayList<>();
    Table writerTable = client.loadTable(TableIdentifier.of(DATABASE, "busy"));
    Thread writer = new Thread(() -> {
      long next = 1000;
      try {
        while (!stop.get()) {
          List<Record> batch = rows(next, 3, next % 2 == 0 ? "eu" : "us");
          next += 3;
          long started = System.currentTimeMillis();
          DataFile file = writeData(writerTable, batch);
          writerTable.newFastAppend().appendFile(file).commit();
          commitWindows.add(new long[] {started, System.currentTimeMillis()});
          committed.addAll(batch);
        }
      } catch (Throwable e) {
        writerError.set(e);
      }
    }, "orphan-test-writer");
    writer.start();
    long deleted = 0;
    int overlapping = 0;
    try {
      Poll.until(() -> commitWindows.size() >= 2, true, 30, "first commits of the writer");
      for (int runs = 0; runs < 20 && (runs < 3 || overlapping < 3); runs++) {
        JsonNode run = run("busy", false);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        deleted += run.get("metrics").get("files-deleted").asLong();
        long startedAt = run.get("started-at").asLong();
        long endedAt = run.get("ended-at").asLong();
        overlapping += (int) commitWindows.stream().filter(w -> w[0] <= endedAt && w[1] >= startedAt).count();
      }
    } finally {
      stop.set(true);
      writer.join(30_000);
    }
    assertThat(writerError.get()).isNull();
    assertThat(overlapping).as("commits while cleaning ran").isGreaterThanOrEqualTo(3);
    assertThat(deleted).as("exactly the three orphans went").isEqualTo(3);
    orphans.forEach(orphan -> assertThat(orphan).doesNotExist());
    table.refresh();
    for (String file : referencedFiles(table)) {
      assertThat(Path.of(file)).as("file of a snapshot").exists();
    }
    assertThat(scan(table)).isEqualTo(expected(committed));
  }

  @Test
  void aFileCommittedDuringTheListingIsNotDeleted() throws Exception {
    Table table = create("listing");
    List<Record> committed = new ArrayList<>(rows(1, 5, "eu"));
    committed.addAll(rows(10, 5, "us"));
    append(table, committed.subList(0, 5));
    append(table, committed.subList(5, 10));
    Path dir = localPath(table.location());
    long old = System.currentTimeMillis() - DAY;
    setModifiedBelow(dir, old);
    List<Path> orphans = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      orphans.add(createFile(dir.resolve("data/region=eu/orphan-" + i + ".parquet"), "orphan " + i, old));
    }

    Table writerTable = client.loadTable(TableIdentifier.of(DATABASE, "listing"));
    List<Record> lateRows = rows(500, 4, "us");
    AtomicReference<DataFile> late = new AtomicReference<>();
    OrphanCleaningFileIOs.ListingHook io = new OrphanCleaningFileIOs.ListingHook(table.location() + "/data", () -> {
      // Written long ago (as far as its timestamp says) and committed now, while the cleaner lists.
      DataFile file = writeData(writerTable, lateRows);
      setModified(localPath(file.location()), old);
      writerTable.newFastAppend().appendFile(file).commit();
      late.set(file);
      return new FileInfo(file.location(), file.fileSizeInBytes(), old);
    });
    Table cleaned = OrphanCleaningFileIOs.withIo(client.loadTable(TableIdentifier.of(DATABASE, "listing")), io);

    MaintenanceOutcome outcome = new OrphanFileCleaning(2, 10).maintain(context("listing", cleaned, "0"));

    assertThat(io.fired()).isTrue();
    assertThat(localPath(late.get().location())).as("the file committed during the listing").exists();
    assertThat(outcome.metric("referenced-during-run")).isGreaterThanOrEqualTo(1);
    assertThat(outcome.metric("files-deleted")).isEqualTo(5);
    orphans.forEach(orphan -> assertThat(orphan).doesNotExist());
    committed.addAll(lateRows);
    table.refresh();
    referencedFiles(table).forEach(file -> assertThat(Path.of(file)).exists());
    assertThat(scan(table)).isEqualTo(expected(committed));
  }

  @Test
  void listsThroughHadoopAndDeletesFileByFileWhenTheFileIOCannotListOrBulkDelete() throws Exception {
    Table table = create("plain");
    List<Record> rows = rows(1, 5, "us");
    append(table, rows);
    Path dir = localPath(table.location());
    long old = System.currentTimeMillis() - 3 * DAY;
    setModifiedBelow(dir, old);
    Set<String> referenced = filesUnder(dir);
    createFile(dir.resolve("data/region=us/a.parquet"), "a", old);
    createFile(dir.resolve("data/b.parquet"), "bb", old);
    createFile(dir.resolve("metadata/c.avro"), "ccc", old);

    Table plain = OrphanCleaningFileIOs.withIo(client.loadTable(TableIdentifier.of(DATABASE, "plain")),
        new OrphanCleaningFileIOs.Plain());
    MaintenanceOutcome outcome = new OrphanFileCleaning().maintain(context("plain", plain, null));

    assertThat(outcome.metric("files-deleted")).isEqualTo(3);
    assertThat(outcome.metric("bytes-deleted")).isEqualTo(6);
    assertThat(outcome.metric("data-orphans")).isEqualTo(2);
    assertThat(outcome.metric("metadata-orphans")).isEqualTo(1);
    assertThat(filesUnder(dir)).isEqualTo(referenced);
    assertThat(scan(table)).isEqualTo(expected(rows));
  }

  @Test
  void aBadMinimumAgeFailsTheRunWithAMessageNamingThePropertyAndDeletesNothing() throws Exception {
    Table table = create("misconfigured");
    append(table, rows(1, 3, "eu"));
    Path dir = localPath(table.location());
    long old = System.currentTimeMillis() - 3 * DAY;
    Path orphan = createFile(dir.resolve("data/region=eu/orphan.parquet"), "o", old);

    table.updateProperties().set(MIN_AGE, "two days").commit();
    JsonNode words = run("misconfigured", false);
    assertThat(words.get("status").asText()).isEqualTo("FAILED");
    assertThat(words.get("fail-reason").asText())
        .isEqualTo("Invalid table property " + MIN_AGE + ": 'two days' is not an integer");

    table.updateProperties().set(MIN_AGE, "-5").commit();
    JsonNode negative = run("misconfigured", false);
    assertThat(negative.get("status").asText()).isEqualTo("FAILED");
    assertThat(negative.get("fail-reason").asText()).contains(MIN_AGE).contains("zero or more");
    assertThat(orphan).exists();
  }

  @Test
  void aManifestThatCannotBeReadFailsTheRunBeforeAnythingIsDeleted() throws Exception {
    Table table = create("broken");
    append(table, rows(1, 3, "eu"));
    append(table, rows(10, 3, "us"));
    Path dir = localPath(table.location());
    long old = System.currentTimeMillis() - 3 * DAY;
    setModifiedBelow(dir, old);
    Path orphan = createFile(dir.resolve("data/region=eu/orphan.parquet"), "o", old);
    String firstManifest = table.snapshots().iterator().next().allManifests(table.io()).get(0).path();
    Files.delete(localPath(firstManifest));
    Set<String> left = filesUnder(dir);

    JsonNode run = run("broken", false);

    assertThat(run.get("status").asText()).isEqualTo("FAILED");
    assertThat(run.get("fail-reason").asText()).contains("nothing was deleted").contains(firstManifest);
    assertThat(filesUnder(dir)).isEqualTo(left).contains(orphan.toString());
  }

  private static Table create(String name) throws InterruptedException {
    Table table = client.createTable(TableIdentifier.of(DATABASE, name), SCHEMA, SPEC, QUIET);
    Poll.until(() -> ams.rest().get(maintenancePath(name)).status(), 200, 60, "maintenance view of " + name);
    return table;
  }

  private static MaintenanceContext context(String table, Table loaded, String minAge) {
    return new MaintenanceContext(new TableName("lake", DATABASE, table), loaded,
        MaintenanceProperties.of(minAge == null ? Map.of() : Map.of(MIN_AGE, minAge)), Set.of(), false,
        Clock.systemUTC());
  }

  /** Runs orphan cleaning through the REST API and polls the run until it has ended. */
  private static JsonNode run(String table, boolean dryRun) throws InterruptedException {
    RestClient.Answer accepted = ams.rest().admin("POST", maintenancePath(table) + "/clean-orphan-files/run",
        dryRun ? "{\"dry-run\": true}" : null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    long id = accepted.json().get("process-id").asLong();
    return Poll.untilJson(() -> ams.rest().get("/api/ams/v1/maintenance/processes/" + id).json(),
        run -> !run.get("status").asText().equals("RUNNING"), 60);
  }

  private static String maintenancePath(String table) {
    return "/api/ams/v1/catalogs/lake/databases/" + DATABASE + "/tables/" + table + "/maintenance";
  }

  private static long checksumFiles(Path directory) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".crc")).count();
    }
  }

  private static String path(String location) {
    return localPath(location).toString();
  }

  private static Set<String> strings(List<Path> paths) {
    Set<String> result = new TreeSet<>();
    paths.forEach(p -> result.add(p.toString()));
    return result;
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> result = new TreeSet<>();
    for (Set<String> set : sets) {
      result.addAll(set);
    }
    return Collections.unmodifiableSet(result);
  }
}
