package io.lakeward.ams.rest.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Iceberg REST endpoints beyond what Iceberg's contract tests reach: atomic multi-table commits,
 * status codes and error bodies for bad requests, unknown objects and failed requirements.
 */
class IcebergRestProtocolTest {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private static Path home;
  private static TestAms ams;
  private static RestClient http;
  private static String catalog;
  private static RESTCatalog client;

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("lakeward-rest-protocol");
    ams = TestAms.start(TestAms.derby(home), home);
    http = ams.rest();
    catalog = RestCatalogSupport.newCatalog(ams, home.resolve("warehouse"));
    client = RestCatalogSupport.open(ams, catalog, Map.of());
    client.createNamespace(Namespace.of("ns"));
    client.createTable(TableIdentifier.of("ns", "a"), SCHEMA);
    client.createTable(TableIdentifier.of("ns", "b"), SCHEMA);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    ams.close();
  }

  @Test
  void multiTableCommitIsAllOrNothing() {
    String uuidA = client.loadTable(TableIdentifier.of("ns", "a")).uuid().toString();
    String uuidB = client.loadTable(TableIdentifier.of("ns", "b")).uuid().toString();

    RestClient.Answer refused = post("/transactions/commit", transaction(uuidA, "00000000-0000-0000-0000-000000000000", "first"));
    assertIcebergError(refused, 409);
    assertThat(properties("a")).doesNotContainKey("round");
    assertThat(properties("b")).doesNotContainKey("round");

    RestClient.Answer accepted = post("/transactions/commit", transaction(uuidA, uuidB, "second"));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(204);
    assertThat(properties("a")).containsEntry("round", "second");
    assertThat(properties("b")).containsEntry("round", "second");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "POST|/namespaces|{\"namespace\": [\"x\"], |400",
      "POST|/namespaces|{\"namespace\": \"not-a-list\"}|400",
      "POST|/namespaces|{\"namespace\": [\"..\"]}|400",
      "POST|/namespaces|{\"namespace\": [\"a/b\"]}|400",
      "POST|/namespaces|{\"namespace\": [\"ns\"]}|409",
      "POST|/namespaces/ns/tables|{\"name\": \"bad/name\", \"schema\": {\"type\": \"struct\", \"fields\": []}}|400",
      "POST|/namespaces/ns/tables/a|{\"requirements\": [], \"updates\": [{\"action\": \"explode-table\"}]}|400",
      "POST|/namespaces/ns/tables/a|{\"requirements\": [{\"type\": \"assert-current-schema-id\", \"current-schema-id\": 42}], \"updates\": []}|409",
      "GET|/namespaces/missing|-|404",
      "GET|/namespaces/ns/tables/missing|-|404",
      "GET|/namespaces/missing/tables/a|-|404",
      "POST|/namespaces/ns/tables/missing|{\"requirements\": [], \"updates\": []}|404",
  })
  void badRequestsGetTheSpecStatusAndAnErrorBody(String method, String path, String body, int status) {
    RestClient.Answer answer = http.send(method, IcebergRestRoutes.BASE + "/v1/" + catalog + path,
        "-".equals(body) ? null : body, null, null);
    assertIcebergError(answer, status);
  }

  @Test
  void configNeedsAKnownWarehouse() {
    assertIcebergError(http.get(IcebergRestRoutes.BASE + "/v1/config"), 400);
    assertIcebergError(http.get(IcebergRestRoutes.BASE + "/v1/config?warehouse=nope"), 404);
    JsonNode config = http.get(IcebergRestRoutes.BASE + "/v1/config?warehouse=" + catalog).json();
    assertThat(config.get("overrides").get("prefix").asText()).isEqualTo(catalog);
    assertThat(config.get("endpoints").toString()).contains("POST /v1/{prefix}/transactions/commit");
  }

  @Test
  void unknownCatalogPrefixIsNotFound() {
    assertIcebergError(http.get(IcebergRestRoutes.BASE + "/v1/no_such_catalog/namespaces"), 404);
  }

  private static Map<String, String> properties(String table) {
    Table loaded = client.loadTable(TableIdentifier.of("ns", table));
    loaded.refresh();
    return loaded.properties();
  }

  private static String transaction(String uuidA, String uuidB, String round) {
    return "{\"table-changes\": ["
        + change("a", uuidA, round) + ", " + change("b", uuidB, round) + "]}";
  }

  private static String change(String table, String uuid, String round) {
    return "{\"identifier\": {\"namespace\": [\"ns\"], \"name\": \"" + table + "\"}, "
        + "\"requirements\": [{\"type\": \"assert-table-uuid\", \"uuid\": \"" + uuid + "\"}], "
        + "\"updates\": [{\"action\": \"set-properties\", \"updates\": {\"round\": \"" + round + "\"}}]}";
  }

  private static RestClient.Answer post(String path, String body) {
    return http.send("POST", IcebergRestRoutes.BASE + "/v1/" + catalog + path, body, null, null);
  }

  private static void assertIcebergError(RestClient.Answer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    JsonNode error = answer.json().get("error");
    assertThat(error).as(answer.body()).isNotNull();
    assertThat(error.get("code").asInt()).isEqualTo(status);
    assertThat(error.get("message").asText()).isNotBlank();
    assertThat(error.get("type").asText()).isNotBlank();
  }
}
