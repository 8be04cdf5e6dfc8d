package io.lakeward.ams.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.RestClient.Answer;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.CatalogMeta;
import io.lakeward.api.DatabaseMeta;
import io.lakeward.common.thrift.ThriftClients;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST API: JSON everywhere, errors with the right status, admin authentication on writes. */
class RestApiTest {
  private static final String CATALOGS = "/api/ams/v1/catalogs";

  @TempDir
  static Path home;

  private static TestAms ams;
  private static RestClient rest;

  @BeforeAll
  static void start() throws Exception {
    ams = TestAms.start(TestAms.derby(home), home);
    rest = ams.rest();
  }

  @AfterAll
  static void stop() {
    ams.close();
  }

  @Test
  void healthAndVersionAreOpen() {
    assertThat(rest.get("/api/ams/v1/health").status()).isEqualTo(200);
    Answer version = rest.get("/api/ams/v1/version");
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.json().get("version").asText()).isEqualTo(ams.server().version());
  }

  @Test
  void mutatingCallsNeedTheAdminCredentials() {
    String body = catalog("auth_check");
    Answer anonymous = rest.send("POST", CATALOGS, body, null, null);
    assertError(anonymous, 401, "UNAUTHORIZED");
    Answer wrongPassword = rest.send("POST", CATALOGS, body, TestAms.ADMIN_USER, "wrong");
    assertError(wrongPassword, 401, "UNAUTHORIZED");
    Answer wrongUser = rest.send("DELETE", CATALOGS + "/auth_check", null, "root", TestAms.ADMIN_PASSWORD);
    assertError(wrongUser, 401, "UNAUTHORIZED");
    assertThat(rest.get(CATALOGS + "/auth_check").status()).as("nothing was created").isEqualTo(404);
    assertThat(rest.admin("POST", CATALOGS, body).status()).isEqualTo(201);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"name\": \"x\", ",                                             // malformed
      "not json at all",                                                 // malformed
      "",                                                                // empty
      "[1, 2]",                                                          // an array, not an object
      "null",                                                            // null
      "{\"name\": 5, \"type\": \"internal\"}",                             // number for a string
      "{\"name\": \"x\", \"type\": \"internal\", \"properties\": \"warehouse\"}", // string for a map
      "{\"name\": \"x\", \"type\": \"internal\", \"properties\": {\"warehouse\": 1}}", // number in a string map
      "{\"name\": \"x\", \"type\": true}",                               // boolean for a string
      "{\"name\": \"x\", \"type\": \"internal\", \"colour\": \"blue\"}",    // unknown field
      "{\"name\": \"x\", \"type\": \"internal\"} {}",                     // trailing content
      "{\"name\": \"x\", \"type\": \"oracle\"}",                          // unknown catalog type
      "{\"name\": \"x\"}",                                               // missing type
      "{\"name\": \"x\", \"type\": \"internal\"}",                        // internal without warehouse
      "{\"name\": \"\", \"type\": \"internal\", \"properties\": {\"warehouse\": \"/w\"}}",
      "{\"name\": \"a/b\", \"type\": \"internal\", \"properties\": {\"warehouse\": \"/w\"}}",
      "{\"name\": \"..\", \"type\": \"internal\", \"properties\": {\"warehouse\": \"/w\"}}",
  })
  void badBodiesGet400WithAJsonError(String body) {
    Answer answer = rest.admin("POST", CATALOGS, body);
    assertError(answer, 400, "INVALID_INPUT");
    assertThat(answer.json().get("message").asText()).startsWith("Invalid");
  }

  @Test
  void tooLongNameGets400() {
    Answer answer = rest.admin("POST", CATALOGS, catalog("x".repeat(129)));
    assertError(answer, 400, "INVALID_INPUT");
    assertThat(answer.json().get("message").asText()).contains("longer than 128");
  }

  @Test
  void oversizedBodyIsRefused() {
    String huge = "{\"name\": \"" + "x".repeat(17 * 1024 * 1024) + "\"}";
    Answer answer = rest.admin("POST", CATALOGS, huge);
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.json().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void unknownEndpointsAndObjectsGet404Json() {
    assertError(rest.get("/api/ams/v1/nothing-here"), 404, "NOT_FOUND");
    assertError(rest.get(CATALOGS + "/missing"), 404, "NO_SUCH_CATALOG");
    assertError(rest.admin("DELETE", CATALOGS + "/missing", null), 404, "NO_SUCH_CATALOG");
  }

  @Test
  void catalogLifecycleMasksSecretsAndRefusesToDeleteNonEmptyCatalogs() throws Exception {
    String body = "{\"name\": \"lake\", \"type\": \"internal\", \"properties\": {\"warehouse\": \"/tmp/lake\", "
        + "\"table.self-optimizing.enabled\": \"true\"}, \"storage\": {\"s3.endpoint\": \"http://127.0.0.1:9000\", "
        + "\"s3.access-key-id\": \"AKIA123\", \"s3.secret-access-key\": \"very-secret\"}}";
    Answer created = rest.admin("POST", CATALOGS, body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("very-secret").doesNotContain("AKIA123");
    assertThat(created.json().get("storage").get("s3.secret-access-key").asText()).isEqualTo("******");
    assertThat(created.json().get("storage").get("s3.endpoint").asText()).isEqualTo("http://127.0.0.1:9000");
    assertError(rest.admin("POST", CATALOGS, body), 409, "ALREADY_EXISTS");

    assertThat(rest.get(CATALOGS).json().findValuesAsText("name")).contains("lake");
    assertThat(rest.get(CATALOGS + "/lake").body()).doesNotContain("very-secret");

    // An update that sends the masked value back keeps the stored secret.
    Answer updated = rest.admin("PUT", CATALOGS + "/lake", "{\"type\": \"internal\", \"properties\": "
        + "{\"warehouse\": \"/tmp/lake2\"}, \"storage\": {\"s3.secret-access-key\": \"******\"}}");
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().get("properties").get("warehouse").asText()).isEqualTo("/tmp/lake2");
    try (var thrift = ThriftClients.catalog(ams.catalogEndpoint(), Duration.ofSeconds(10))) {
      CatalogMeta served = thrift.client().getCatalog("lake");
      assertThat(served.getStorageConfigs()).containsEntry("s3.secret-access-key", "very-secret");
      thrift.client().createDatabase(new DatabaseMeta().setCatalog("lake").setName("db"));
    }
    assertError(rest.admin("PUT", CATALOGS + "/lake", "{\"type\": \"hadoop\", \"properties\": {\"warehouse\": \"/w\"}}"),
        400, "INVALID_INPUT");

    assertError(rest.admin("DELETE", CATALOGS + "/lake", null), 409, "NOT_EMPTY");
    assertThat(rest.admin("DELETE", CATALOGS + "/lake?force=true", null).status()).isEqualTo(204);
    assertError(rest.get(CATALOGS + "/lake"), 404, "NO_SUCH_CATALOG");
  }

  private static String catalog(String name) {
    return "{\"name\": \"" + name + "\", \"type\": \"internal\", \"properties\": {\"warehouse\": \"/tmp/" + name + "\"}}";
  }

  private static void assertError(Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.json().get("code").asText()).as(answer.body()).isEqualTo(code);
    assertThat(answer.json().get("message").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("at io.lakeward").doesNotContain("Exception:");
  }
}
