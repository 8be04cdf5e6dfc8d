package io.lakeward.ams.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.config.MaintenanceConfig;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.BlockRequest;
import io.lakeward.api.BlockableOperation;
import io.lakeward.common.thrift.ThriftClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maintenance REST API on a real AMS: errors name what is wrong (400, 404, 409), a MAINTENANCE
 * blocker makes runs SKIPPED, and the table view resolves each action's settings from the table,
 * the catalog's table.* properties and the server's table-defaults. Auto-tag runs go through a
 * {@link HeldMaintainer}, so a run can be held open.
 */
class MaintenanceRestTest {
  private static final String TABLES = "/api/ams/v1/catalogs/lake/databases/rest/tables/";

  @TempDir
  static Path home;
  private static TestAms ams;
  private static RESTCatalog client;
  private static final HeldMaintainer held = new HeldMaintainer(new AutoTagging());

  @BeforeAll
  static void start() throws Exception {
    MaintenanceConfig maintenance = new MaintenanceConfig(2, Duration.ofMillis(500), 2, Duration.ofSeconds(1), null,
        Map.of("data-expire.enabled", "true", "clean-orphan-file.enabled", "true"), null, null, null, null, null);
    ams = TestAms.startWithMaintainers(TestAms.config(TestAms.derby(home), maintenance), home, List.of(held));
    RestClient.Answer catalog = ams.rest().admin("POST", "/api/ams/v1/catalogs", "{\"name\": \"lake\", \"type\": "
        + "\"internal\", \"properties\": {\"warehouse\": \"" + home.resolve("warehouse").toUri() + "\", "
        + "\"table.clean-orphan-file.enabled\": \"false\", \"table.table-expire.enabled\": \"false\"}}");
    assertThat(catalog.status()).as(catalog.body()).isEqualTo(201);
    client = ams.icebergRestClient("lake");
    client.createNamespace(Namespace.of("rest"));
    // auto-tag is off on these tables: only the test starts runs.
    client.createTable(TableIdentifier.of("rest", "events"), AutoTagTestTables.SCHEMA);
    client.createTable(TableIdentifier.of("rest", "settings"), AutoTagTestTables.SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("table-expire.enabled", "true", "clean-dangling-delete-files.enabled", "false",
            "maintenance.auto-tag.interval", "30min"));
    client.createTable(TableIdentifier.of("rest", "typo"), AutoTagTestTables.SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("table-expire.enabled", "maybe"));
    Poll.until(() -> Poll.managedTables(ams, "lake"), Set.of("rest.events", "rest.settings", "rest.typo"), 30,
        "the tables managed");
  }

  @AfterEach
  void releaseHeldRuns() {
    held.release();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    ams.close();
  }

  @Test
  void anUnknownActionIsABadRequestNamingTheValidOnes() {
    RestClient.Answer answer = ams.rest().admin("POST", TABLES + "events/maintenance/shrink/run", null);
    assertError(answer, 400, "INVALID_INPUT", "Unknown maintenance action: 'shrink' (one of expire-snapshots, "
        + "clean-orphan-files, clean-dangling-deletes, expire-data, auto-tag)");
    assertError(ams.rest().get(TABLES + "events/maintenance/processes?action=shrink"), 400, "INVALID_INPUT",
        "Unknown maintenance action: 'shrink' (one of expire-snapshots, clean-orphan-files, clean-dangling-deletes, "
            + "expire-data, auto-tag)");
  }

  @Test
  void anUnmanagedTableIsNotFound() {
    String missing = "/api/ams/v1/catalogs/lake/databases/rest/tables/missing/maintenance";
    String message = "Table lake.rest.missing is not managed (yet): it appears after the next catalog scan";
    assertError(ams.rest().admin("POST", missing + "/auto-tag/run", null), 404, "NO_SUCH_TABLE", message);
    assertError(ams.rest().get(missing), 404, "NO_SUCH_TABLE", message);
    assertError(ams.rest().get(missing + "/processes"), 404, "NO_SUCH_TABLE", message);
  }

  @Test
  void aSecondRunWhileOneIsRunningIsAConflict() throws Exception {
    held.hold();
    RestClient.Answer first = run("events", null);
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    JsonNode accepted = first.json();
    assertThat(accepted.get("status").asText()).isEqualTo("RUNNING");
    assertThat(accepted.get("trigger").asText()).isEqualTo("MANUAL");
    assertThat(accepted.get("action").asText()).isEqualTo("auto-tag");
    long runId = accepted.get("process-id").asLong();
    held.awaitRun(30);

    assertError(run("events", null), 409, "CONFLICT",
        "auto-tag is already running on lake.rest.events (maintenance process " + runId + ")");
    assertThat(action(view("events"), "auto-tag").get("running").asBoolean()).isTrue();
    assertThat(process(runId).get("status").asText()).isEqualTo("RUNNING");

    held.release();
    Poll.until(() -> process(runId).get("status").asText(), "SUCCESS", 30, "the released run");
    // Once its record says it ended, the next run is accepted at once.
    RestClient.Answer next = run("events", "{\"dry-run\": true}");
    assertThat(next.status()).as(next.body()).isEqualTo(202);
    assertThat(next.json().get("dry-run").asBoolean()).isTrue();
    long nextId = next.json().get("process-id").asLong();
    Poll.until(() -> process(nextId).get("status").asText(), "SUCCESS", 30, "the dry run");
    JsonNode lastRun = action(view("events"), "auto-tag").get("last-run");
    assertThat(lastRun.get("process-id").asLong()).isEqualTo(nextId);
    assertThat(lastRun.get("summary").asText()).startsWith("No tag ");
  }

  @Test
  void aMaintenanceBlockerMakesRunsSkipped() throws Exception {
    io.lakeward.api.TableIdentifier table = new io.lakeward.api.TableIdentifier().setCatalog("lake")
        .setDatabase("rest").setTable("events");
    try (var catalog = ThriftClients.catalog(ams.catalogEndpoint(), Duration.ofSeconds(30))) {
      String optimizingOnly = catalog.client().block(new BlockRequest().setIdentifier(table)
          .setOperations(List.of(BlockableOperation.OPTIMIZING)).setTtlMillis(600_000L)).getBlockerId();
      assertThat(awaitEnd(run("events", null)).get("status").asText()).as("an optimizing blocker does not hold "
          + "maintenance").isEqualTo("SUCCESS");

      String blocker = catalog.client().block(new BlockRequest().setIdentifier(table)
          .setOperations(List.of(BlockableOperation.MAINTENANCE)).setTtlMillis(600_000L)).getBlockerId();
      JsonNode skipped = awaitEnd(run("events", null));
      assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
      assertThat(skipped.get("summary").asText()).isEqualTo("Blocked for maintenance by blocker " + blocker);
      assertThat(skipped.get("metrics").size()).isZero();

      catalog.client().releaseBlocker(table, blocker);
      catalog.client().releaseBlocker(table, optimizingOnly);
      assertThat(awaitEnd(run("events", null)).get("status").asText()).isEqualTo("SUCCESS");
    }
  }

  @Test
  void aMalformedBodyIsABadRequestAndStartsNothing() {
    int before = ams.rest().get(TABLES + "typo/maintenance/processes").json().size();
    assertError(run("typo", "{\"dry-run\": tru"), 400, "INVALID_INPUT", "Invalid request: malformed JSON at line 1, "
        + "column 16");
    assertError(run("typo", "{\"dry-run\": \"perhaps\"}"), 400, "INVALID_INPUT",
        "Invalid request: field 'dry-run' has the wrong type or value");
    assertError(run("typo", "{\"dryrun\": true}"), 400, "INVALID_INPUT", "Invalid request: unknown field 'dryrun'");
    assertError(run("typo", "[]"), 400, "INVALID_INPUT", "Invalid request: has the wrong type or value");
    assertThat(ams.rest().get(TABLES + "typo/maintenance/processes").json().size()).isEqualTo(before);
  }

  @Test
  void aMissingProcessIsNotFound() {
    assertError(ams.rest().get("/api/ams/v1/maintenance/processes/123"), 404, "NO_SUCH_PROCESS",
        "Maintenance process does not exist: 123");
    assertError(ams.rest().get("/api/ams/v1/maintenance/processes/latest"), 400, "INVALID_INPUT",
        "Invalid maintenance process id: latest");
  }

  @Test
  void theTableViewListsEveryActionWithItsEffectiveSettings() throws Exception {
    JsonNode view = view("settings");
    assertThat(view.get("table").asText()).isEqualTo("lake.rest.settings");
    Map<String, Boolean> enabled = new HashMap<>();
    view.get("actions").forEach(a -> enabled.put(a.get("action").asText(), a.get("enabled").asBoolean()));
    assertThat(enabled).isEqualTo(Map.of(
        "expire-snapshots", true, // the table's true over the catalog's false
        "clean-orphan-files", false, // the catalog's false over the server's true
        "clean-dangling-deletes", false, // the table's false over the built-in true
        "expire-data", true, // the server's true over the built-in false
        "auto-tag", false)); // the built-in default
    JsonNode autoTag = action(view, "auto-tag");
    assertThat(autoTag.get("available").asBoolean()).isTrue();
    assertThat(autoTag.get("interval").asLong()).isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(autoTag.get("running").asBoolean()).isFalse();
    assertThat(autoTag.get("last-run").isNull()).isTrue();
    assertThat(action(view, "expire-data").get("interval").isNull()).as("the server's interval").isTrue();

    JsonNode typo = action(view("typo"), "expire-snapshots");
    assertThat(typo.get("error").asText())
        .isEqualTo("Invalid table property table-expire.enabled: 'maybe' is not true or false");
    assertThat(typo.has("enabled")).isFalse();
  }

  private static RestClient.Answer run(String table, String body) {
    return ams.rest().admin("POST", TABLES + table + "/maintenance/auto-tag/run", body);
  }

  private static JsonNode awaitEnd(RestClient.Answer started) throws InterruptedException {
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    long id = started.json().get("process-id").asLong();
    return Poll.untilJson(() -> process(id), p -> !"RUNNING".equals(p.get("status").asText()), 30);
  }

  private static JsonNode process(long id) {
    return ams.rest().get("/api/ams/v1/maintenance/processes/" + id).json();
  }

  private static JsonNode view(String table) {
    RestClient.Answer answer = ams.rest().get(TABLES + table + "/maintenance");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static JsonNode action(JsonNode view, String action) {
    for (JsonNode a : view.get("actions")) {
      if (a.get("action").asText().equals(action)) {
        return a;
      }
    }
    throw new AssertionError("No action " + action + " in " + view);
  }

  private static void assertError(RestClient.Answer answer, int status, String code, String message) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.json().get("code").asText()).isEqualTo(code);
    assertThat(answer.json().get("message").asText()).isEqualTo(message);
  }
}
