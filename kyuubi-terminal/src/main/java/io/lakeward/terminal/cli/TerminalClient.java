package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The AMS terminal REST API ({@code /api/ams/v1/terminal}) over the JDK HTTP client. Every request carries the
 * admin credentials (HTTP Basic) when there is a password. Failures become {@link CliFailure}s: unreachable, timed
 * out or not an AMS ({@link ExitCodes#AMS_UNAVAILABLE}), credentials refused (the same), and any other error answer
 * with the AMS's own message ({@link ExitCodes#STATEMENT_FAILED}).
 */
final class TerminalClient {
  static final String API = "/api/ams/v1/terminal";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final Credentials credentials;
  private final Duration requestTimeout;
  private final ObjectMapper json;
  private final HttpClient http;

  TerminalClient(URI amsUrl, Credentials credentials, Duration requestTimeout) {
    this.base = requireNonNull(amsUrl, "amsUrl is null");
    this.credentials = requireNonNull(credentials, "credentials is null");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
    this.json = mapper();
    // HTTP/1.1: the AMS's Jetty answers it directly, without an h2c upgrade round.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
  }

  /** The JSON mapping of the terminal API: kebab-case fields, tolerant of fields this client does not know. */
  static ObjectMapper mapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  URI amsUrl() {
    return base;
  }

  /** Submits a script; a null session id asks the AMS for a new session. Returns the RUNNING execution. */
  AmsExecution submit(String catalog, String script, String sessionId, String user) {
    ObjectNode body = json.createObjectNode().put("catalog", catalog).put("script", script);
    if (sessionId != null) {
      body.put("session-id", sessionId);
    }
    if (user != null) {
      body.put("user", user);
    }
    return read(send("POST", "/executions", body.toString()), AmsExecution.class);
  }

  /** The execution's current state, statements and logs. */
  AmsExecution execution(String executionId) {
    return read(send("GET", "/executions/" + encode(executionId), null), AmsExecution.class);
  }

  /** Asks the AMS to interrupt the execution's running statement and skip the rest. */
  void cancel(String executionId) {
    send("POST", "/executions/" + encode(executionId) + "/cancel", "{}");
  }

  /** The example statements the AMS offers for a catalog, as it sends them. */
  JsonNode examples(String catalog) {
    return read(send("GET", "/examples?catalog=" + encode(catalog), null), JsonNode.class);
  }

  /** Closes a session on the AMS (its engine resources go with it). */
  void closeSession(String sessionId) {
    send("DELETE", "/sessions/" + encode(sessionId), null);
  }

  private String send(String method, String path, String body) {
    // Appended, not resolved: an AMS behind a proxy path (http://host/ams) keeps its prefix.
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + API + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    String authorization = credentials.authorization();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw CliFailure.unavailable("Cannot reach the AMS at " + base + ": " + reason(e), e);
    } catch (HttpTimeoutException e) {
      throw CliFailure.unavailable("The AMS at " + base + " did not answer " + method + " " + uri.getPath()
          + " within " + requestTimeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw CliFailure.unavailable("Cannot talk to the AMS at " + base + ": " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliFailure.unavailable("Interrupted while waiting for the AMS at " + base, e);
    }
    return check(method, uri, response);
  }

  private String check(String method, URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    String message = errorMessage(response);
    if (status == 401 || status == 403) {
      throw CliFailure.rejected(status, "The AMS at " + base + " refused the credentials of user '" + credentials.user()
          + "' (HTTP " + status + (message.isEmpty() ? "" : ": " + message) + ")"
          + (credentials.password() == null ? "; give the password in LAKEWARD_PASSWORD or name its variable with --password-env" : ""));
    }
    if (message.isEmpty()) {
      throw CliFailure.unavailable("Unexpected answer from " + base + " to " + method + " " + uri.getPath()
          + ": HTTP " + status + "; is this the AMS REST port?", null);
    }
    throw CliFailure.refused(status, message + " (HTTP " + status + ")");
  }

  /** The message of the AMS's JSON error body, or "" when the body is not one (then it is likely not the AMS). */
  private String errorMessage(HttpResponse<String> response) {
    try {
      JsonNode error = json.readTree(response.body());
      JsonNode message = error == null ? null : error.get("message");
      return message == null || message.isNull() ? "" : message.asText();
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  private <T> T read(String body, Class<T> type) {
    try {
      return json.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw CliFailure.unavailable("Unexpected answer from " + base + ": not the AMS terminal API ("
          + e.getOriginalMessage() + ")", e);
    }
  }

  private static String reason(Throwable e) {
    if (e instanceof ConnectException && e.getMessage() == null) {
      return "connection refused";
    }
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
