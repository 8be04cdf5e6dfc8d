package io.lakeward.ams.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.config.MaintenanceConfig;
import io.lakeward.ams.config.MaintenanceScheduleConfig;
import io.lakeward.ams.persistence.AmsDatabase;
import io.lakeward.ams.persistence.MaintenanceRunStore;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance schedule of a real AMS (checks every 500 ms, 2 retries 1 s apart): enabled actions
 * run without anyone asking and are recorded; disabled ones never run; failures are retried a
 * bounded number of times; a cron schedule runs enabled tables at its fires; runs cut short by a stop
 * are recorded FAILED.
 */
class MaintenanceScheduleTest {
  private static final String BAD_PERIOD =
      "Invalid table property tag.auto-create.trigger.period: 'weekly' is not hourly, daily or monthly";

  @TempDir
  static Path home;
  private static TestAms ams;
  private static RESTCatalog client;

  @BeforeAll
  static void start() throws Exception {
    ams = TestAms.start(TestAms.derby(home), home);
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    client = ams.icebergRestClient("lake");
    client.createNamespace(Namespace.of("sched"));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    ams.close();
  }

  @Test
  void anEnabledActionRunsOnItsOwnAndADisabledOneNever() throws Exception {
    client.createTable(id("disabled"), AutoTagTestTables.SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("tag.auto-create.enabled", "false", "maintenance.auto-tag.interval", "1s"));
    client.createTable(id("untouched"), AutoTagTestTables.SCHEMA);
    Poll.until(() -> Poll.managedTables(ams, "lake").containsAll(Set.of("sched.disabled", "sched.untouched")), true,
        30, "the disabled tables managed");

    // The table appears with its snapshot and all its settings in one commit, so the first check sees
    // them. The hourly boundary falls between its commit and now, in a zone that puts an hour's start
    // at the first whole second after the commit.
    Transaction create = client.buildTable(id("tagged"), AutoTagTestTables.SCHEMA)
        .withProperties(Map.of("tag.auto-create.enabled", "true", "maintenance.auto-tag.interval", "1s",
            "tag.auto-create.trigger.period", "hourly")).createTransaction();
    create.newAppend().appendFile(AutoTagTestTables.writeRow(create.table(), 1)).commit();
    Snapshot snapshot = create.table().currentSnapshot();
    long boundary = (snapshot.timestampMillis() + 999) / 1000 * 1000;
    Poll.until(() -> System.currentTimeMillis() > boundary, true, 5, "the wall clock past the boundary");
    ZoneOffset zone = ZoneOffset.ofTotalSeconds(-(int) Math.floorMod(boundary / 1000, 3600));
    create.updateProperties().set("tag.auto-create.time-zone", zone.getId()).commit();
    create.commitTransaction();
    String tag = "tag-" + DateTimeFormatter.ofPattern("yyyyMMddHH").format(Instant.ofEpochMilli(boundary).atZone(zone));

    List<JsonNode> runs = Poll.untilJson(() -> oldestFirst(runs("tagged")), r -> ended(r) >= 3, 60).subList(0, 3);
    for (JsonNode run : runs) {
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
      assertThat(run.get("trigger").asText()).isEqualTo("SCHEDULED");
      assertThat(run.get("action").asText()).isEqualTo("auto-tag");
      assertThat(run.get("table").asText()).isEqualTo("lake.sched.tagged");
      assertThat(run.get("dry-run").asBoolean()).isFalse();
      assertThat(run.get("ended-at").asLong()).isGreaterThanOrEqualTo(run.get("started-at").asLong());
    }
    JsonNode first = runs.get(0);
    assertThat(first.get("metrics").get("tags-created").asLong()).isEqualTo(1);
    assertThat(first.get("metrics").get("tagged-snapshot-id").asLong()).isEqualTo(snapshot.snapshotId());
    assertThat(first.get("summary").asText()).startsWith("Created tag " + tag + " on snapshot " + snapshot.snapshotId());
    for (JsonNode later : runs.subList(1, runs.size())) {
      assertThat(later.get("metrics").get("tags-created").asLong()).isZero();
      assertThat(later.get("summary").asText()).isEqualTo("Tag " + tag + " exists (snapshot " + snapshot.snapshotId() + ")");
    }
    Table table = client.loadTable(id("tagged"));
    assertThat(table.refs().get(tag).snapshotId()).isEqualTo(snapshot.snapshotId());
    assertThat(AutoTagTestTables.ids(table, table.refs().get(tag).snapshotId())).containsExactly(1L);

    JsonNode all = ams.rest().get("/api/ams/v1/maintenance/processes?action=auto-tag&limit=100").json();
    assertThat(all).extracting(r -> r.get("table").asText()).contains("lake.sched.tagged")
        .doesNotContain("lake.sched.disabled", "lake.sched.untouched");
    assertThat(runs("disabled")).isEmpty();
    assertThat(runs("untouched")).isEmpty();
  }

  @Test
  void aFailingActionIsRetriedMaxRetriesTimesInARowThenWaitsForItsInterval() throws Exception {
    // failing waits for the server's interval (1 min) after its retries, bounded: waits 3 s.
    client.createTable(id("failing"), AutoTagTestTables.SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("tag.auto-create.enabled", "true", "tag.auto-create.trigger.period", "weekly"));
    client.createTable(id("bounded"), AutoTagTestTables.SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("tag.auto-create.enabled", "true", "tag.auto-create.trigger.period", "weekly",
            "maintenance.auto-tag.interval", "3s"));
    client.createTable(id("witness"), AutoTagTestTables.SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("tag.auto-create.enabled", "true", "maintenance.auto-tag.interval", "1s"));

    Poll.untilJson(() -> oldestFirst(runs("failing")), r -> ended(r) >= 3, 60);
    // Give the schedule time for another retry (1 s apart): the witness runs three more times meanwhile.
    int witnessed = runs("witness").size();
    Poll.untilJson(() -> runs("witness").size(), n -> n >= witnessed + 3, 60);
    List<JsonNode> failing = oldestFirst(runs("failing"));
    assertThat(failing).as("the first run and max-retries (2) retries").hasSize(3);
    assertFailedInARow(failing);

    // bounded's retries are spent like failing's; its next run comes with its own interval (3 s).
    List<JsonNode> bounded = Poll.untilJson(() -> oldestFirst(runs("bounded")), r -> ended(r) >= 4, 60);
    assertFailedInARow(bounded.subList(0, 4));
    assertThat(startedAt(bounded.get(3)) - startedAt(bounded.get(2)))
        .as("no third retry: the fourth run waited for the interval").isGreaterThanOrEqualTo(3000);
  }

  @Test
  void aCronScheduleRunsEveryEnabledTableAtItsFires(@TempDir Path cronHome) throws Exception {
    MaintenanceConfig everySecond = new MaintenanceConfig(2, Duration.ofMillis(500), 2, Duration.ofSeconds(1), null,
        null, null, null, null, null, new MaintenanceScheduleConfig(null, "* * * * * ?"));
    try (TestAms cronAms = TestAms.startWithMaintainers(TestAms.config(TestAms.derby(cronHome), everySecond),
        cronHome, Maintainers.all())) {
      cronAms.createInternalCatalog("lake", cronHome.resolve("warehouse"));
      RESTCatalog cronClient = cronAms.icebergRestClient("lake");
      cronClient.createNamespace(Namespace.of("cron"));
      cronClient.createTable(TableIdentifier.of("cron", "off"), AutoTagTestTables.SCHEMA);
      cronClient.createTable(TableIdentifier.of("cron", "own"), AutoTagTestTables.SCHEMA,
          PartitionSpec.unpartitioned(), Map.of("tag.auto-create.enabled", "true",
              "maintenance.auto-tag.interval", "1h"));
      cronClient.createTable(TableIdentifier.of("cron", "on"), AutoTagTestTables.SCHEMA,
          PartitionSpec.unpartitioned(), Map.of("tag.auto-create.enabled", "true"));

      Poll.until(() -> ended(runs(cronAms, "cron", "own")), 1, 30, "the first run of the table with its own interval");
      // Without an interval of its own, "on" would wait a minute (the server's interval) between runs.
      List<JsonNode> on = Poll.untilJson(() -> oldestFirst(runs(cronAms, "cron", "on")), r -> ended(r) >= 3, 60)
          .subList(0, 3);
      for (JsonNode run : on) {
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCESS");
        assertThat(run.get("trigger").asText()).isEqualTo("SCHEDULED");
      }
      assertThat(startedAt(on.get(2)) - startedAt(on.get(0))).as("three runs within a minute").isLessThan(60_000);
      assertThat(runs(cronAms, "cron", "own")).as("its own interval (1h) rules, not the cron").hasSize(1);
      assertThat(runs(cronAms, "cron", "off")).isEmpty();
      cronClient.close();
    }
  }

  @Test
  void runsCutShortByAStopAreRecordedFailedAtTheNextStart(@TempDir Path stopHome) throws Exception {
    HeldMaintainer held = new HeldMaintainer(new AutoTagging());
    long heldRun;
    try (TestAms first = TestAms.startWithMaintainers(TestAms.config(TestAms.derby(stopHome),
        TestAms.maintenanceConfig()), stopHome, List.of(held))) {
      first.createInternalCatalog("lake", stopHome.resolve("warehouse"));
      try (RESTCatalog stopClient = first.icebergRestClient("lake")) {
        stopClient.createNamespace(Namespace.of("stop"));
        stopClient.createTable(TableIdentifier.of("stop", "events"), AutoTagTestTables.SCHEMA);
      }
      Poll.until(() -> Poll.managedTables(first, "lake"), Set.of("stop.events"), 30, "the table managed");
      held.hold();
      RestClient.Answer started = first.rest().admin("POST",
          "/api/ams/v1/catalogs/lake/databases/stop/tables/events/maintenance/auto-tag/run", null);
      assertThat(started.status()).as(started.body()).isEqualTo(202);
      heldRun = started.json().get("process-id").asLong();
      held.awaitRun(30);
    }
    // An AMS that died mid-run (no stop at all) leaves its run RUNNING in the database.
    TableName table = new TableName("lake", "stop", "events");
    long crashedRun = 42;
    try (AmsDatabase database = AmsDatabase.open(TestAms.derby(stopHome), stopHome)) {
      new MaintenanceRunStore(database).insert(MaintenanceRun.started(crashedRun, table,
          MaintenanceAction.EXPIRE_SNAPSHOTS, MaintenanceTrigger.SCHEDULED, false, System.currentTimeMillis()));
    }

    try (TestAms second = TestAms.start(TestAms.derby(stopHome), stopHome)) {
      JsonNode stopped = second.rest().get("/api/ams/v1/maintenance/processes/" + heldRun).json();
      assertThat(stopped.get("status").asText()).as(stopped.toString()).isEqualTo("FAILED");
      assertThat(stopped.get("fail-reason").asText()).as("recorded by the stop itself, with the cause")
          .isEqualTo("The AMS stopped during the run: java.lang.IllegalStateException: Interrupted while held");
      JsonNode crashed = second.rest().get("/api/ams/v1/maintenance/processes/" + crashedRun).json();
      assertThat(crashed.get("status").asText()).as(crashed.toString()).isEqualTo("FAILED");
      assertThat(crashed.get("fail-reason").asText()).isEqualTo("The AMS stopped during the run");
      assertThat(crashed.get("ended-at").isNull()).isFalse();

      // Nothing is left holding the table: the action runs again.
      RestClient.Answer again = second.rest().admin("POST",
          "/api/ams/v1/catalogs/lake/databases/stop/tables/events/maintenance/auto-tag/run", null);
      assertThat(again.status()).as(again.body()).isEqualTo(202);
      long id = again.json().get("process-id").asLong();
      Poll.until(() -> second.rest().get("/api/ams/v1/maintenance/processes/" + id).json().get("status").asText(),
          "SUCCESS", 30, "the run after the restart");
    }
  }

  private static void assertFailedInARow(List<JsonNode> runs) {
    for (int i = 0; i < runs.size(); i++) {
      JsonNode run = runs.get(i);
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("FAILED");
      assertThat(run.get("trigger").asText()).isEqualTo("SCHEDULED");
      assertThat(run.get("fail-reason").asText()).isEqualTo(BAD_PERIOD);
      if (i > 0) {
        assertThat(startedAt(run) - runs.get(i - 1).get("ended-at").asLong()).as("retry-interval (1 s) apart")
            .isGreaterThanOrEqualTo(1000);
      }
    }
  }

  private static TableIdentifier id(String table) {
    return TableIdentifier.of("sched", table);
  }

  private static long startedAt(JsonNode run) {
    return run.get("started-at").asLong();
  }

  private static List<JsonNode> runs(String table) {
    return runs(ams, "sched", table);
  }

  /** The auto-tag runs of a table, newest first (as the API lists them). */
  private static List<JsonNode> runs(TestAms server, String database, String table) {
    RestClient.Answer answer = server.rest().get("/api/ams/v1/catalogs/lake/databases/" + database + "/tables/" + table
        + "/maintenance/processes?action=auto-tag&limit=100");
    if (answer.status() == 404) {
      return List.of();
    }
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    List<JsonNode> runs = new ArrayList<>();
    answer.json().forEach(runs::add);
    return runs;
  }

  /** How many of the runs ended (the newest may still be RUNNING). */
  private static int ended(List<JsonNode> runs) {
    return (int) runs.stream().filter(r -> !"RUNNING".equals(r.get("status").asText())).count();
  }

  private static List<JsonNode> oldestFirst(List<JsonNode> runs) {
    List<JsonNode> copy = new ArrayList<>(runs);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
