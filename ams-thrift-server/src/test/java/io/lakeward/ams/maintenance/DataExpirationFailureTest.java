package io.lakeward.ams.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.maintenance.ExpireDataSample.Kind;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.common.exceptions.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data expiration that must not happen: wrong settings fail the run with a clear reason (directly
 * and through the REST run endpoint) and leave the table as it was; a file removed by a concurrent
 * commit fails the commit and leaves no file behind. Also: runs through REST and on the schedule.
 */
class DataExpirationFailureTest {
  private static final String DATABASE = "ttl_fail";
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "at", Types.TimestampType.withZone()),
      Types.NestedField.optional(3, "flag", Types.BooleanType.get()),
      Types.NestedField.optional(4, "info", Types.StructType.of(
          Types.NestedField.optional(5, "at", Types.TimestampType.withZone()))),
      Types.NestedField.optional(6, "day", Types.StringType.get()));

  private static TestAms ams;
  private static RESTCatalog client;
  private static Table table;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("lakeward-expire-data-fail");
    ams = TestAms.start(TestAms.derby(home), home);
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    client = ams.icebergRestClient("lake");
    client.createNamespace(Namespace.of(DATABASE));
    table = client.createTable(TableIdentifier.of(DATABASE, "settings"), SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"));
    // rows far older than any retention below: a run that got past its settings would expire them
    ExpireDataFixtures.append(table, List.of(ExpireDataFixtures.writeDataFile(table,
        List.of(row(1, "2020-01-01"), row(2, "2020-01-02")))));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    ams.close();
  }

  static Stream<Arguments> wrongSettings() {
    return Stream.of(
        Arguments.of(Map.of("data-expire.retention-time", "30d"),
            "Missing table property data-expire.field"),
        Arguments.of(Map.of("data-expire.field", "nope", "data-expire.retention-time", "30d"),
            "Invalid table property data-expire.field: column 'nope' does not exist"),
        Arguments.of(Map.of("data-expire.field", "flag", "data-expire.retention-time", "30d"),
            "column 'flag' is of type boolean; data expiration needs a timestamp"),
        Arguments.of(Map.of("data-expire.field", "info", "data-expire.retention-time", "30d"),
            "column 'info' is of type struct<"),
        Arguments.of(Map.of("data-expire.field", "info.at", "data-expire.retention-time", "30d"),
            "column 'info.at' is nested"),
        Arguments.of(Map.of("data-expire.field", "at"),
            "Missing table property data-expire.retention-time"),
        Arguments.of(Map.of("data-expire.field", "at", "data-expire.retention-time", "0d"),
            "Invalid table property data-expire.retention-time: '0d' is not a positive duration with a unit"),
        Arguments.of(Map.of("data-expire.field", "at", "data-expire.retention-time", "-5d"),
            "Invalid table property data-expire.retention-time: '-5d' is not a positive duration"),
        Arguments.of(Map.of("data-expire.field", "at", "data-expire.retention-time", "30"),
            "Invalid table property data-expire.retention-time: '30' is not a positive duration"),
        Arguments.of(Map.of("data-expire.field", "at", "data-expire.retention-time", "a month"),
            "Invalid table property data-expire.retention-time: 'a month'"),
        Arguments.of(Map.of("data-expire.field", "day", "data-expire.retention-time", "30d",
            "data-expire.datetime-string-pattern", "yyyy-bb"),
            "Invalid table property data-expire.datetime-string-pattern: 'yyyy-bb' is not a date-time pattern"),
        Arguments.of(Map.of("data-expire.field", "day", "data-expire.retention-time", "30d",
            "data-expire.datetime-string-pattern", "HH:mm"),
            "Invalid table property data-expire.datetime-string-pattern: 'HH:mm' is not a date-time pattern"),
        Arguments.of(Map.of("data-expire.field", "at", "data-expire.retention-time", "30d",
            "data-expire.level", "row"),
            "Invalid table property data-expire.level: 'row' is not one of partition, file"),
        Arguments.of(Map.of("data-expire.field", "at", "data-expire.retention-time", "30d",
            "data-expire.base-on-rule", "YESTERDAY"),
            "Invalid table property data-expire.base-on-rule: 'YESTERDAY' is not one of CURRENT_TIME, "
                + "LAST_COMMIT_TIME"),
        Arguments.of(Map.of("data-expire.field", "at", "data-expire.retention-time", "30d",
            "data-expire.datetime-number-format", "TIMESTAMP_US"),
            "Invalid table property data-expire.datetime-number-format: 'TIMESTAMP_US' is not one of TIMESTAMP_MS, "
                + "TIMESTAMP_S"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("wrongSettings")
  void aWrongSettingFailsTheRunAndChangesNothing(Map<String, String> properties, String message) {
    table.refresh();
    long before = table.currentSnapshot().snapshotId();
    MaintenanceContext context = new MaintenanceContext(new TableName("lake", DATABASE, "settings"), table,
        MaintenanceProperties.of(properties), Set.of(), false, Clock.fixed(ExpireDataSample.NOW, ZoneOffset.UTC));

    assertThatThrownBy(() -> new DataExpiration().maintain(context))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(message);

    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(before);
    assertThat(ExpireDataFixtures.readAll(table)).hasSize(2);
  }

  @Test
  void aRunThroughRestWithAWrongPatternFailsWithTheReasonAndChangesNothing() throws Exception {
    Table bad = client.createTable(TableIdentifier.of(DATABASE, "bad_pattern"), SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("data-expire.field", "day", "data-expire.retention-time", "30d",
            "data-expire.datetime-string-pattern", "HH:mm"));
    ExpireDataFixtures.append(bad, List.of(ExpireDataFixtures.writeDataFile(bad, List.of(row(1, "2020-01-01")))));
    long before = bad.currentSnapshot().snapshotId();

    JsonNode run = runThroughRest("bad_pattern");

    assertThat(run.get("status").asText()).isEqualTo("FAILED");
    assertThat(run.get("action").asText()).isEqualTo("expire-data");
    assertThat(run.get("fail-reason").asText()).isEqualTo("Invalid table property "
        + "data-expire.datetime-string-pattern: 'HH:mm' is not a date-time pattern that includes a date, such as "
        + "yyyy-MM-dd or yyyyMMdd HH:mm:ss");
    bad.refresh();
    assertThat(bad.currentSnapshot().snapshotId()).isEqualTo(before);
  }

  @Test
  void aRunThroughRestExpiresAndReportsItsMetrics() throws Exception {
    ExpireDataSample sample = new ExpireDataSample(Kind.STRING);
    Map<String, String> properties = new HashMap<>(sample.properties("file"));
    // measured from the last commit, so the sample's 2024 dates give the same cutoff at any wall-clock time
    properties.put(DataExpirationSettings.BASE_ON_RULE, "last_commit_time");
    properties.put(DataExpirationSettings.RETENTION, "1d");
    Table good = client.createTable(TableIdentifier.of(DATABASE, "through_rest"), sample.schema,
        sample.spec(true), properties);
    sample.writeTo(good);

    JsonNode run = runThroughRest("through_rest");

    assertThat(run.get("status").asText()).as("run %s", run).isEqualTo("SUCCESS");
    JsonNode metrics = run.get("metrics");
    assertThat(metrics.get("rows-expired").asLong()).as("every dated row is older than a day ago").isEqualTo(12);
    assertThat(metrics.get("files-removed").asLong()).isEqualTo(4);
    assertThat(metrics.get("files-with-row-deletes").asLong()).isEqualTo(1);
    assertThat(metrics.get("partitions-removed").asLong()).isEqualTo(2);
    assertThat(ExpireDataFixtures.dataFileLocations(good)).containsExactly(sample.location("withnull"));
    DataExpirationTest.assertSameRows(ExpireDataFixtures.readAll(good), sample.rows(11));
  }

  @Test
  void anEnabledTableIsExpiredOnTheSchedule() throws Exception {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Table scheduled = client.createTable(TableIdentifier.of(DATABASE, "scheduled"), SCHEMA,
        PartitionSpec.unpartitioned(), Map.of("maintenance.expire-data.interval", "1s",
            "data-expire.field", "at", "data-expire.retention-time", "7d", "data-expire.level", "file"));
    Record old = rowAt(1, now.minus(Duration.ofDays(30)));
    Record recent = rowAt(2, now.minus(Duration.ofHours(1)));
    ExpireDataFixtures.append(scheduled, List.of(ExpireDataFixtures.writeDataFile(scheduled, List.of(old)),
        ExpireDataFixtures.writeDataFile(scheduled, List.of(recent))));
    // enabled only once the data is there, so the first scheduled run has something to expire
    scheduled.updateProperties().set("data-expire.enabled", "true").commit();

    JsonNode run = Poll.untilJson(() -> ams.rest().get(tablePath("scheduled") + "/maintenance/processes?action="
        + "expire-data").json(), runs -> runs.isArray() && runs.size() > 0 && !runs.get(runs.size() - 1).get("status")
        .asText().equals("RUNNING"), 60);

    JsonNode first = run.get(run.size() - 1);
    assertThat(first.get("trigger").asText()).isEqualTo("SCHEDULED");
    assertThat(first.get("status").asText()).as("run %s", first).isEqualTo("SUCCESS");
    assertThat(first.get("metrics").get("files-removed").asLong()).isEqualTo(1);
    DataExpirationTest.assertSameRows(ExpireDataFixtures.readAll(scheduled), List.of(recent));
  }

  @Test
  void aFileRemovedConcurrentlyFailsTheRowDeleteCommitAndLeavesNoFile() throws Exception {
    ExpireDataSample sample = new ExpireDataSample(Kind.TIMESTAMPTZ);
    Table stale = client.createTable(TableIdentifier.of(DATABASE, "concurrent_rows"), sample.schema,
        sample.spec(false), sample.properties("file"));
    sample.writeTo(stale);
    // another writer (say, compaction) removes a straddling file after this run's table was loaded
    Table other = client.loadTable(TableIdentifier.of(DATABASE, "concurrent_rows"));
    other.newDelete().deleteFile(sample.files.get("straddle")).commit();
    long concurrent = other.currentSnapshot().snapshotId();

    assertThatThrownBy(() -> runStale(stale)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("missing data files");

    other.refresh();
    assertThat(other.currentSnapshot().snapshotId()).isEqualTo(concurrent);
    assertThat(filesUnder(other)).noneMatch(name -> name.contains("expire-data"));
    assertThat(ExpireDataFixtures.deleteFiles(other)).isEmpty();
  }

  @Test
  void aFileRemovedConcurrentlyFailsTheFileRemovalCommit() {
    ExpireDataSample sample = new ExpireDataSample(Kind.LONG_S);
    sample.rowsByFile.keySet().retainAll(Set.of("old", "old2", "new"));
    Table stale = client.createTable(TableIdentifier.of(DATABASE, "concurrent_files"), sample.schema,
        sample.spec(true), sample.properties("partition"));
    sample.writeTo(stale);
    Table other = client.loadTable(TableIdentifier.of(DATABASE, "concurrent_files"));
    other.newDelete().deleteFile(sample.files.get("old2")).commit();
    long concurrent = other.currentSnapshot().snapshotId();

    assertThatThrownBy(() -> runStale(stale)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("Missing required files to delete");

    other.refresh();
    assertThat(other.currentSnapshot().snapshotId()).isEqualTo(concurrent);
    DataExpirationTest.assertSameRows(ExpireDataFixtures.readAll(other), sample.rows(1, 2, 3, 12, 13));
  }

  /** Runs on the table object as loaded, without refreshing it: the plan is made on its snapshot. */
  private static void runStale(Table stale) {
    new DataExpiration().maintain(new MaintenanceContext(new TableName("lake", DATABASE, "stale"), stale,
        MaintenanceProperties.of(stale.properties()), Set.of(), false,
        Clock.fixed(ExpireDataSample.NOW, ZoneOffset.UTC)));
  }

  private static JsonNode runThroughRest(String name) throws InterruptedException {
    String path = tablePath(name) + "/maintenance";
    Poll.until(() -> ams.rest().get(path).status(), 200, 60, "maintenance view of " + name);
    RestClient.Answer accepted = ams.rest().admin("POST", path + "/expire-data/run", null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    long id = accepted.json().get("process-id").asLong();
    return Poll.untilJson(() -> ams.rest().get("/api/ams/v1/maintenance/processes/" + id).json(),
        process -> !process.get("status").asText().equals("RUNNING"), 60);
  }

  private static String tablePath(String name) {
    return "/api/ams/v1/catalogs/lake/databases/" + DATABASE + "/tables/" + name;
  }

  private static Set<String> filesUnder(Table t) throws Exception {
    try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(t.location())))) {
      return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private static Record row(long id, String day) {
    Record record = rowAt(id, Instant.parse(day + "T00:00:00Z"));
    record.setField("day", day);
    return record;
  }

  private static Record rowAt(long id, Instant at) {
    Record record = GenericRecord.create(SCHEMA);
    record.setField("id", id);
    record.setField("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    record.setField("flag", true);
    return record;
  }
}
