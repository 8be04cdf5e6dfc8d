package io.lakeward.ams.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.maintenance.ExpireDataSample.Kind;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.ContentFileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data expiration on real Iceberg tables of the AMS's internal catalog (through its Iceberg REST
 * endpoint) holding real Parquet files: every supported column kind at both levels, partitioned and
 * not; exact file sets, row deletes and full-scan results; LAST_COMMIT_TIME; dry runs; format v1
 * and v3 tables; repeated runs.
 */
class DataExpirationTest {
  private static final String DATABASE = "ttl";
  private static final AtomicInteger TABLES = new AtomicInteger();

  private static TestAms ams;
  private static RESTCatalog client;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("lakeward-expire-data");
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

  static Stream<Arguments> kindsLevelsAndLayouts() {
    List<Arguments> cases = new ArrayList<>();
    // every kind at both levels, once partitioned and once not; each level sees both layouts 4 times
    for (Kind kind : Kind.values()) {
      boolean even = kind.ordinal() % 2 == 0;
      cases.add(Arguments.of(kind, "file", even));
      cases.add(Arguments.of(kind, "partition", !even));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} level={1} partitioned={2}")
  @MethodSource("kindsLevelsAndLayouts")
  void expiresExactlyTheRowsBeforeTheCutoff(Kind kind, String level, boolean partitioned) {
    ExpireDataSample sample = new ExpireDataSample(kind);
    Table table = create(sample, partitioned, "2", sample.properties(level));
    long before = table.currentSnapshot().snapshotId();

    MaintenanceOutcome outcome = run(table, ExpireDataSample.NOW, false);

    assertThat(outcome.metric("cutoff")).isEqualTo(ExpireDataSample.CUTOFF.toEpochMilli());
    if (level.equals("file")) {
      // old and old2 proven (or, for strings, read and found) wholly expired; straddle and withnull get deletes
      assertFiles(table, sample, "straddle", "withnull", "new");
      assertThat(outcome.metric("files-removed")).isEqualTo(2);
      assertThat(outcome.metric("partitions-removed")).isEqualTo(partitioned ? 1 : 0);
      assertThat(outcome.metric("files-with-row-deletes")).isEqualTo(2);
      assertThat(outcome.metric("position-delete-files-added")).isEqualTo(2);
      assertThat(outcome.metric("rows-expired")).isEqualTo(8);
      assertThat(ExpireDataFixtures.deleteFiles(table)).extracting(ContentFileUtil::referencedDataFileLocation)
          .containsExactlyInAnyOrder(sample.location("straddle"), sample.location("withnull"));
      assertRows(table, sample, 7, 8, 11, 12, 13);
    } else if (partitioned) {
      // partition a goes whole; b keeps a row after the cutoff, so its expired rows stay too
      assertFiles(table, sample, "straddle", "withnull", "new");
      assertThat(outcome.metric("files-removed")).isEqualTo(2);
      assertThat(outcome.metric("partitions-removed")).isEqualTo(1);
      assertThat(outcome.metric("rows-expired")).isEqualTo(5);
      assertThat(outcome.metric("files-with-row-deletes")).isZero();
      assertThat(ExpireDataFixtures.deleteFiles(table)).isEmpty();
      assertRows(table, sample, 6, 7, 8, 9, 10, 11, 12, 13);
    } else {
      // the only partition of an unpartitioned table keeps rows: nothing changes
      assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
      assertThat(outcome.metric("files-removed")).isZero();
      assertThat(outcome.metric("rows-expired")).isZero();
      assertRows(table, sample, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    }
    if (kind == Kind.STRING_DAY_FIRST && level.equals("file")) {
      assertThat(outcome.metric("files-read")).as("no bound proves anything for dd/MM/yyyy").isEqualTo(5);
    } else if (kind == Kind.STRING && level.equals("file")) {
      assertThat(outcome.metric("files-read")).as("new is skipped by its lower bound").isEqualTo(4);
    } else if (!kind.name().startsWith("STRING") && level.equals("file")) {
      assertThat(outcome.metric("files-read")).as("only straddle and withnull are read").isEqualTo(2);
    }
  }

  @Test
  void partitionLevelRemovesAWhollyExpiredUnpartitionedTable() {
    ExpireDataSample sample = new ExpireDataSample(Kind.TIMESTAMPTZ);
    sample.rowsByFile.keySet().retainAll(Set.of("old", "old2"));
    Table table = create(sample, false, "2", sample.properties("partition"));

    MaintenanceOutcome outcome = run(table, ExpireDataSample.NOW, false);

    assertThat(ExpireDataFixtures.dataFileLocations(table)).isEmpty();
    assertThat(outcome.metric("files-removed")).isEqualTo(2);
    assertThat(outcome.metric("partitions-removed")).isEqualTo(1);
    assertThat(outcome.metric("rows-expired")).isEqualTo(5);
    assertThat(ExpireDataFixtures.readAll(table)).isEmpty();
  }

  @Test
  void withoutColumnBoundsTheRowsAreRead() {
    ExpireDataSample sample = new ExpireDataSample(Kind.LONG_MS);
    Map<String, String> properties = new HashMap<>(sample.properties("file"));
    properties.put("write.metadata.metrics.default", "counts");
    Table table = create(sample, false, "2", properties);

    MaintenanceOutcome outcome = run(table, ExpireDataSample.NOW, false);

    assertThat(outcome.metric("files-read")).isEqualTo(5);
    assertThat(outcome.metric("files-removed")).isEqualTo(2);
    assertThat(outcome.metric("rows-expired")).isEqualTo(8);
    assertFiles(table, sample, "straddle", "withnull", "new");
    assertRows(table, sample, 7, 8, 11, 12, 13);
  }

  @Test
  void lastCommitTimeMeasuresTheRetentionFromTheCurrentSnapshot() {
    Schema schema = ExpireDataSample.schema(Types.TimestampType.withZone());
    Map<String, String> properties = Map.of(DataExpirationSettings.FIELD, "at",
        DataExpirationSettings.RETENTION, "30d", DataExpirationSettings.LEVEL, "file",
        DataExpirationSettings.BASE_ON_RULE, "LAST_COMMIT_TIME");
    Table table = client.createTable(TableIdentifier.of(DATABASE, "last_commit"), schema,
        org.apache.iceberg.PartitionSpec.unpartitioned(), properties);
    Instant wallClock = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    List<Record> rows = List.of(record(schema, 1, wallClock.minus(Duration.ofDays(60))),
        record(schema, 2, wallClock.minus(Duration.ofDays(1))));
    ExpireDataFixtures.append(table, List.of(ExpireDataFixtures.writeDataFile(table, rows)));
    long commitTime = table.currentSnapshot().timestampMillis();
    Instant farFuture = Instant.parse("2100-01-01T00:00:00Z");

    MaintenanceOutcome outcome = run(table, farFuture, false);

    assertThat(outcome.metric("cutoff")).isEqualTo(commitTime - Duration.ofDays(30).toMillis());
    assertThat(outcome.metric("rows-expired")).isEqualTo(1);
    assertSameRows(ExpireDataFixtures.readAll(table), rows.subList(1, 2));
  }

  @Test
  void aDryRunReportsAndChangesNothing() throws Exception {
    ExpireDataSample sample = new ExpireDataSample(Kind.LONG_MS);
    Table table = create(sample, true, "2", sample.properties("file"));
    long before = table.currentSnapshot().snapshotId();
    Set<Path> filesBefore = filesUnder(table);

    MaintenanceOutcome outcome = run(table, ExpireDataSample.NOW, true);

    assertThat(outcome.metric("rows-expired")).isEqualTo(8);
    assertThat(outcome.metric("files-removed")).isEqualTo(2);
    assertThat(outcome.metric("position-delete-files-added")).isEqualTo(2);
    assertThat(outcome.summary()).startsWith("Would expire 8 rows");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(filesUnder(table)).isEqualTo(filesBefore);
  }

  @Test
  void aSecondRunOnV2SkipsRowsAlreadyDeleted() {
    ExpireDataSample sample = new ExpireDataSample(Kind.TIMESTAMP);
    Table table = create(sample, false, "2", sample.properties("file"));
    run(table, ExpireDataSample.NOW, false);

    // cutoff 2024-05-12: 7 (05-02) and 12 (05-10) expire now; 6 and 9 were deleted by the first run
    MaintenanceOutcome second = run(table, ExpireDataSample.NOW.plus(Duration.ofDays(10)), false);

    assertThat(second.metric("rows-expired")).isEqualTo(2);
    assertThat(second.metric("files-with-row-deletes")).isEqualTo(2);
    assertThat(second.metric("files-removed")).isZero();
    assertFiles(table, sample, "straddle", "withnull", "new");
    assertThat(ExpireDataFixtures.deleteFiles(table)).hasSize(4);
    assertRows(table, sample, 8, 11, 13);
  }

  @Test
  void aV3TableGetsDeletionVectorsThatReplaceEarlierOnes() {
    ExpireDataSample sample = new ExpireDataSample(Kind.DATE);
    Table table = create(sample, true, "3", sample.properties("file"));
    run(table, ExpireDataSample.NOW, false);
    List<DeleteFile> first = ExpireDataFixtures.deleteFiles(table);
    assertThat(first).allMatch(delete -> delete.format() == FileFormat.PUFFIN).hasSize(2);

    MaintenanceOutcome second = run(table, ExpireDataSample.NOW.plus(Duration.ofDays(10)), false);

    assertThat(second.metric("rows-expired")).isEqualTo(2);
    List<DeleteFile> deletes = ExpireDataFixtures.deleteFiles(table);
    // one deletion vector per data file: straddle's holds 6, 9 (first run) and 7; new's holds 12
    Map<String, Long> cardinality = deletes.stream()
        .collect(Collectors.toMap(ContentFileUtil::referencedDataFileLocation, DeleteFile::recordCount));
    assertThat(cardinality).isEqualTo(Map.of(sample.location("straddle"), 3L, sample.location("withnull"), 1L,
        sample.location("new"), 1L));
    assertRows(table, sample, 8, 11, 13);
  }

  @Test
  void aV1TableLosesWholeFilesAndKeepsStraddlingOnes() {
    ExpireDataSample sample = new ExpireDataSample(Kind.TIMESTAMPTZ);
    Table table = create(sample, false, "1", sample.properties("file"));

    MaintenanceOutcome outcome = run(table, ExpireDataSample.NOW, false);

    assertFiles(table, sample, "straddle", "withnull", "new");
    assertThat(outcome.metric("straddling-files-skipped")).isEqualTo(2);
    assertThat(outcome.metric("files-read")).as("their metrics show they straddle: no need to read").isZero();
    assertThat(outcome.metric("rows-expired")).isEqualTo(5);
    assertThat(outcome.summary()).contains("cannot get row deletes");
    assertRows(table, sample, 6, 7, 8, 9, 10, 11, 12, 13);
  }

  @Test
  void stringValuesThePatternCannotReadNeverExpireAndAreCounted() {
    Schema schema = ExpireDataSample.schema(Types.StringType.get());
    Table table = client.createTable(TableIdentifier.of(DATABASE, "unparseable"), schema,
        org.apache.iceberg.PartitionSpec.unpartitioned(), Map.of(DataExpirationSettings.FIELD, "at",
            DataExpirationSettings.RETENTION, "30d", DataExpirationSettings.LEVEL, "file"));
    List<Record> rows = List.of(stringRow(schema, 1, "2024-04-01"), stringRow(schema, 2, "garbage"),
        stringRow(schema, 3, "2024-13-45"), stringRow(schema, 4, "2024-05-20"), stringRow(schema, 5, ""));
    ExpireDataFixtures.append(table, List.of(ExpireDataFixtures.writeDataFile(table, rows)));

    MaintenanceOutcome outcome = run(table, ExpireDataSample.NOW, false);

    assertThat(outcome.metric("unparseable-values")).isEqualTo(3);
    assertThat(outcome.metric("rows-expired")).isEqualTo(1);
    assertThat(outcome.summary()).contains("3 values do not match yyyy-MM-dd and are kept");
    assertSameRows(ExpireDataFixtures.readAll(table), rows.subList(1, 5));
  }

  private static Table create(ExpireDataSample sample, boolean partitioned, String formatVersion,
      Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    all.put("format-version", sample.kind == Kind.TIMESTAMP_NS ? "3" : formatVersion);
    String name = "t" + TABLES.incrementAndGet() + "_" + sample.kind.name().toLowerCase();
    Table table = client.createTable(TableIdentifier.of(DATABASE, name), sample.schema, sample.spec(partitioned), all);
    sample.writeTo(table);
    return table;
  }

  static MaintenanceOutcome run(Table table, Instant now, boolean dryRun) {
    table.refresh();
    MaintenanceContext context = new MaintenanceContext(new TableName("lake", DATABASE, table.name().replaceAll(
        ".*\\.", "")), table, MaintenanceProperties.of(table.properties()), Set.of(), dryRun,
        Clock.fixed(now, ZoneOffset.UTC));
    return new DataExpiration().maintain(context);
  }

  private static void assertFiles(Table table, ExpireDataSample sample, String... labels) {
    Set<String> expected = Stream.of(labels).map(sample::location).collect(Collectors.toSet());
    assertThat(ExpireDataFixtures.dataFileLocations(table)).isEqualTo(expected);
  }

  private static void assertRows(Table table, ExpireDataSample sample, long... ids) {
    assertSameRows(ExpireDataFixtures.readAll(table), sample.rows(ids));
  }

  /** Count, ids and an order-independent checksum of all values. */
  static void assertSameRows(List<Record> actual, List<Record> expected) {
    assertThat(actual).hasSize(expected.size());
    assertThat(ExpireDataFixtures.ids(actual)).isEqualTo(ExpireDataFixtures.ids(expected));
    assertThat(ExpireDataFixtures.checksum(actual)).as("checksum of %s against %s", actual, expected)
        .isEqualTo(ExpireDataFixtures.checksum(expected));
  }

  private static Set<Path> filesUnder(Table table) throws Exception {
    try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(table.location())))) {
      return files.filter(Files::isRegularFile).collect(Collectors.toSet());
    }
  }

  private static Record record(Schema schema, long id, Instant at) {
    Record record = GenericRecord.create(schema);
    record.setField("id", id);
    record.setField("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    record.setField("part", "p");
    record.setField("payload", "row-" + id);
    return record;
  }

  private static Record stringRow(Schema schema, long id, String at) {
    Record record = GenericRecord.create(schema);
    record.setField("id", id);
    record.setField("at", at);
    record.setField("part", "p");
    record.setField("payload", "row-" + id);
    return record;
  }
}
