package io.lakeward.ams.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import java.util.ArrayList;
import java.util.List;

/** The terminal's REST API as tests use it: submit a script, poll an execution to its end, cancel. */
final class TerminalClient {
  static final String BASE = "/api/ams/v1/terminal";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestClient rest;

  TerminalClient(RestClient rest) {
    this.rest = rest;
  }

  static String body(String catalog, String script, String sessionId, String user) {
    ObjectNode body = JSON.createObjectNode();
    body.put("catalog", catalog);
    body.put("script", script);
    if (sessionId != null) {
      body.put("session-id", sessionId);
    }
    if (user != null) {
      body.put("user", user);
    }
    return body.toString();
  }

  /** Submits and returns the 202 answer's body; fails the test on any other status. */
  JsonNode submit(String catalog, String script, String sessionId, String user) {
    RestClient.Answer answer = rest.admin("POST", BASE + "/executions", body(catalog, script, sessionId, user));
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    return answer.json();
  }

  JsonNode execution(String id) {
    RestClient.Answer answer = rest.get(BASE + "/executions/" + id);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  JsonNode awaitEnd(String id, long timeoutSeconds) throws InterruptedException {
    return Poll.untilJson(() -> execution(id), e -> !"RUNNING".equals(e.get("status").asText()), timeoutSeconds);
  }

  /** Submits and waits for the end. */
  JsonNode run(String catalog, String script, String sessionId, String user, long timeoutSeconds)
      throws InterruptedException {
    return awaitEnd(submit(catalog, script, sessionId, user).get("execution-id").asText(), timeoutSeconds);
  }

  JsonNode cancel(String id) {
    RestClient.Answer answer = rest.admin("POST", BASE + "/executions/" + id + "/cancel", "");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  static List<String> statuses(JsonNode execution) {
    List<String> statuses = new ArrayList<>();
    execution.get("statements").forEach(s -> statuses.add(s.get("status").asText()));
    return statuses;
  }

  /** The rows of one statement (1-based index), each value as its JSON text. */
  static List<List<String>> rows(JsonNode execution, int index) {
    List<List<String>> rows = new ArrayList<>();
    execution.get("statements").get(index - 1).get("rows").forEach(row -> {
      List<String> values = new ArrayList<>();
      row.forEach(v -> values.add(v.isNull() ? null : v.asText()));
      rows.add(values);
    });
    return rows;
  }
}
