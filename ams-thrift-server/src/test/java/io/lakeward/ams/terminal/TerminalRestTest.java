package io.lakeward.ams.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.config.TerminalConfig;
import io.lakeward.ams.config.TerminalKyuubiConfig;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal's REST API and its answers to bad input, on an AMS whose kyuubi backend points at a
 * server that accepts connections and never answers: scripts fail within the connect timeout with a
 * clear message while the AMS keeps serving. Statements on real engines are covered by the *IT classes.
 */
class TerminalRestTest {
  @TempDir
  static Path home;

  private static TestAms ams;
  private static RestClient rest;
  private static TerminalClient terminal;
  private static ServerSocket silentServer;
  private static final List<Socket> ACCEPTED = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() throws Exception {
    silentServer = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          ACCEPTED.add(silentServer.accept());
        }
      } catch (IOException e) {
        // closed after the tests
      }
    }, "silent-kyuubi");
    acceptor.setDaemon(true);
    acceptor.start();
    TerminalKyuubiConfig kyuubi = new TerminalKyuubiConfig("jdbc:kyuubi://127.0.0.1:" + silentServer.getLocalPort() + "/",
        null, "kyuubi-secret", null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(30));
    TerminalConfig config = new TerminalConfig("kyuubi", 2, null, null, null, null, null, kyuubi, null);
    LakewardConfig base = TestAms.config(TestAms.derby(home));
    ams = TestAms.start(new LakewardConfig(base.ams().withTerminal(config), base.containers()), home, List.of());
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    rest = ams.rest();
    terminal = new TerminalClient(rest);
  }

  @AfterAll
  static void stop() throws IOException {
    if (ams != null) {
      ams.close();
    }
    silentServer.close();
    for (Socket socket : ACCEPTED) {
      socket.close();
    }
  }

  private static RestClient.Answer post(String body) {
    return rest.admin("POST", TerminalClient.BASE + "/executions", body);
  }

  private static void assertError(RestClient.Answer answer, int status, String code, String messagePart) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    JsonNode error = answer.json();
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("status").asInt()).isEqualTo(status);
    assertThat(error.get("message").asText()).contains(messagePart);
  }

  @Test
  void anUnreachableServerFailsTheScriptWithinTheTimeoutWhileTheAmsKeepsServing() throws Exception {
    long start = System.nanoTime();
    JsonNode submitted = terminal.submit("lake", "SELECT 1; SELECT 2", null, null);
    assertThat(submitted.get("status").asText()).isEqualTo("RUNNING");
    assertThat(submitted.get("catalog").asText()).isEqualTo("lake");
    String id = submitted.get("execution-id").asText();
    // While the terminal waits for the silent server, the AMS answers as usual.
    assertThat(rest.get("/api/ams/v1/health").status()).isEqualTo(200);
    assertThat(rest.get("/api/ams/v1/catalogs/lake").status()).isEqualTo(200);
    JsonNode ended = terminal.awaitEnd(id, 20);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(ended.get("status").asText()).isEqualTo("FAILED");
    assertThat(TerminalClient.statuses(ended)).containsExactly("FAILED", "CANCELED");
    String error = ended.get("statements").get(0).get("error").asText();
    assertThat(error).isEqualTo("Cannot connect to jdbc:kyuubi://127.0.0.1:" + silentServer.getLocalPort()
        + "/: no answer within 2s");
    assertThat(ended.get("statements").get(1).get("error").isNull()).isTrue();
    assertThat(ended.toString()).doesNotContain("kyuubi-secret");
    assertThat(ended.get("ended-at").asLong()).isGreaterThanOrEqualTo(ended.get("started-at").asLong());
    assertThat(ended.get("logs").toString()).contains("opening an engine session on backend kyuubi")
        .contains("execution failed");
    // The session is the authenticated user's, and stays for a retry.
    JsonNode sessions = rest.get(TerminalClient.BASE + "/sessions?user=" + TestAms.ADMIN_USER).json();
    assertThat(sessions).anySatisfy(s -> {
      assertThat(s.get("session-id").asText()).isEqualTo(submitted.get("session-id").asText());
      assertThat(s.get("backend").asText()).isEqualTo("kyuubi");
      assertThat(s.get("status").asText()).isEqualTo("IDLE");
    });
    assertThat(rest.get(TerminalClient.BASE + "/sessions?user=somebody-else").json()).isEmpty();
  }

  @Test
  void badSubmissionsAreRefusedWithTheirReason() {
    assertError(post(TerminalClient.body("nowhere", "SELECT 1", null, null)), 404, "NO_SUCH_CATALOG", "nowhere");
    assertError(post(TerminalClient.body("lake", "", null, null)), 400, "INVALID_INPUT", "no SQL statement");
    assertError(post(TerminalClient.body("lake", "  ;\n-- only a comment\n;", null, null)), 400, "INVALID_INPUT",
        "no SQL statement");
    assertError(post("{\"catalog\": \"lake\"}"), 400, "INVALID_INPUT", "script is required");
    assertError(post("{\"script\": \"SELECT 1\"}"), 400, "INVALID_INPUT", "catalog is required");
    assertError(post("{\"catalog\": \"lake\", \"script\": \"SELECT 1\", \"limit\": 5}"), 400, "INVALID_INPUT",
        "unknown field 'limit'");
    assertError(post("{\"catalog\": \"lake\", \"script\": 1}"), 400, "INVALID_INPUT", "'script'");
    assertError(post("{not json"), 400, "INVALID_INPUT", "malformed JSON");
    assertError(post(TerminalClient.body("lake", "SELECT 1", null, "bad user")), 400, "INVALID_INPUT",
        "Invalid user name");
    assertError(post(TerminalClient.body("lake", "SELECT 1", "no-such-session", null)), 404, "NO_SUCH_OBJECT",
        "no-such-session");
    assertError(rest.send("POST", TerminalClient.BASE + "/executions", TerminalClient.body("lake", "SELECT 1", null, null),
        null, null), 401, "UNAUTHORIZED", "Authentication required");
  }

  @Test
  void aTenMegabyteScriptIsRefusedNamingTheLimit() {
    String script = "SELECT 1;\n" + "-- filler line of a generated script\n".repeat(10 * 1024 * 1024 / 37 + 1);
    RestClient.Answer answer = post(TerminalClient.body("lake", script, null, null));
    assertError(answer, 400, "INVALID_INPUT", "larger than the limit of 1MB (ams.terminal.max-script-size)");
    assertThat(rest.get("/api/ams/v1/health").status()).isEqualTo(200);
  }

  @Test
  void unknownIdsAreNotFound() {
    assertError(rest.get(TerminalClient.BASE + "/executions/no-such-execution"), 404, "NO_SUCH_OBJECT",
        "no-such-execution");
    assertError(rest.admin("POST", TerminalClient.BASE + "/executions/no-such-execution/cancel", ""), 404,
        "NO_SUCH_OBJECT", "no-such-execution");
    assertError(rest.admin("DELETE", TerminalClient.BASE + "/sessions/no-such-session", null), 404, "NO_SUCH_OBJECT",
        "no-such-session");
    assertError(rest.get(TerminalClient.BASE + "/sessions"), 400, "INVALID_INPUT", "Invalid user name");
  }

  @Test
  void examplesAreListedForACatalog() {
    JsonNode examples = rest.get(TerminalClient.BASE + "/examples?catalog=lake").json();
    assertThat(examples.size()).isGreaterThanOrEqualTo(5);
    examples.forEach(e -> {
      assertThat(e.get("name").asText()).isNotBlank();
      assertThat(e.get("sql").asText()).isNotBlank();
    });
    assertThat(examples.toString()).contains("CREATE TABLE").contains("SELECT").contains("DESCRIBE");
    assertThat(rest.get(TerminalClient.BASE + "/examples").json().size()).isEqualTo(examples.size());
    assertError(rest.get(TerminalClient.BASE + "/examples?catalog=nowhere"), 404, "NO_SUCH_CATALOG", "nowhere");
  }

  @Test
  void aClosedSessionIsGone() throws Exception {
    JsonNode submitted = terminal.submit("lake", "SELECT 1", null, "carol");
    String session = submitted.get("session-id").asText();
    RestClient.Answer closed = rest.admin("DELETE", TerminalClient.BASE + "/sessions/" + session, null);
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    assertThat(closed.json().get("status").asText()).isEqualTo("CLOSED");
    assertThat(rest.get(TerminalClient.BASE + "/sessions?user=carol").json()).isEmpty();
    JsonNode ended = terminal.awaitEnd(submitted.get("execution-id").asText(), 20);
    assertThat(ended.get("status").asText()).isIn("CANCELED", "FAILED");
    assertError(post(TerminalClient.body("lake", "SELECT 1", session, "carol")), 404, "NO_SUCH_OBJECT", session);
  }
}
