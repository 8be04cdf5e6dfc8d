package io.lakeward.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A real HTTP server (the JDK's) that speaks the AMS terminal REST contract, for testing the client before and
 * independently of the AMS's terminal: admin Basic auth on POST and DELETE, kebab-case JSON, JSON errors with a
 * message, sessions, asynchronous executions polled by id, cancel. Its "engine" runs statements from a table the test
 * fills in: a result set, a failure, or a statement that runs until the test releases or the client cancels it.
 * Statements are split at every semicolon (the client never splits; tests keep their scripts plain).
 */
final class FakeTerminalServer implements AutoCloseable {
  static final String USER = "admin";
  static final String PASSWORD = "fake-secret-9f3";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService engine = Executors.newCachedThreadPool();
  private final Set<String> catalogs;
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  final List<String> closedSessions = new CopyOnWriteArrayList<>();
  final List<JsonNode> submissions = new CopyOnWriteArrayList<>();
  final List<String> cancels = new CopyOnWriteArrayList<>();
  volatile int maxScriptChars = 1_000_000;

  /** What a statement does when it runs. */
  private record Behaviour(List<String> columns, List<List<Object>> rows, boolean truncated, String error, Blocker blocker) {}

  /** A statement that runs until released or canceled; {@link #started} opens when it runs. */
  static final class Blocker {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch canceled = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    void release() {
      release.countDown();
    }
  }

  private static final class Execution {
    final String id = UUID.randomUUID().toString();
    final String sessionId;
    final String catalog;
    final List<ObjectNode> statements = new ArrayList<>();
    final List<String> logs = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    volatile String status = "RUNNING";
    volatile boolean cancel;
    volatile Blocker running;

    Execution(String sessionId, String catalog) {
      this.sessionId = sessionId;
      this.catalog = catalog;
    }
  }

  FakeTerminalServer(String... catalogs) throws IOException {
    this.catalogs = Set.of(catalogs);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(TerminalClient.API, this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void result(String sql, List<String> columns, List<List<Object>> rows) {
    behaviours.put(sql, new Behaviour(columns, rows, false, null, null));
  }

  void truncatedResult(String sql, List<String> columns, List<List<Object>> rows) {
    behaviours.put(sql, new Behaviour(columns, rows, true, null, null));
  }

  void failure(String sql, String error) {
    behaviours.put(sql, new Behaviour(List.of(), List.of(), false, error, null));
  }

  Blocker blocking(String sql) {
    Blocker blocker = new Blocker();
    behaviours.put(sql, new Behaviour(List.of("done"), List.of(List.of(true)), false, null, blocker));
    return blocker;
  }

  /** Waits until the client has polled the execution at least n times while the given blocker ran. */
  void awaitPolls(Blocker blocker, int n) throws InterruptedException {
    await(n + " polls", () -> executions.values().stream().anyMatch(e -> e.running == blocker && e.polls.get() >= n));
  }

  /** The session of the execution that runs the blocker. */
  String sessionOf(Blocker blocker) {
    return executions.values().stream().filter(e -> e.running == blocker).findFirst().orElseThrow().sessionId;
  }

  /** Waits until n scripts were submitted (and accepted or refused). */
  void awaitSubmissions(int n) throws InterruptedException {
    await(n + " submissions", () -> submissions.size() >= n);
  }

  /** Forgets every session, as the AMS does with idle ones. */
  void expireSessions() {
    sessions.clear();
  }

  /** Waits (notified by every request) until the condition holds, for at most 30 s. */
  private synchronized void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      serve(exchange);
    } finally {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String[] path = exchange.getRequestURI().getPath().substring(TerminalClient.API.length()).split("/");
    if (!method.equals("GET") && !authorized(exchange)) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"lakeward\"");
      respond(exchange, 401, error("UNAUTHORIZED", "Authentication required: use HTTP Basic with the admin credentials"));
      return;
    }
    String route = method + " " + (path.length > 1 ? path[1] : "") + (path.length > 3 ? "/" + path[3] : "");
    switch (route) {
      case "POST executions" -> submit(exchange);
      case "GET executions" -> poll(exchange, path[2]);
      case "POST executions/cancel" -> cancel(exchange, path[2]);
      case "GET examples" -> respond(exchange, 200, json.createArrayNode().add(json.createObjectNode()
          .put("name", "Count rows").put("sql", "SELECT count(*) FROM db.t;")));
      case "DELETE sessions" -> {
        boolean known = sessions.remove(path[2]);
        closedSessions.add(path[2]);
        respond(exchange, known ? 204 : 404, known ? null : error("NOT_FOUND", "Unknown session: " + path[2]));
      }
      default -> respond(exchange, 404, error("NOT_FOUND", "No such endpoint: " + route));
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
  }

  private void submit(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    JsonNode request = json.readTree(body);
    try {
      accept(exchange, request);
    } finally {
      // Recorded once answered, so a test that waits for it sees the session it opened.
      submissions.add(request);
    }
  }

  private void accept(HttpExchange exchange, JsonNode request) throws IOException {
    String catalog = request.path("catalog").asText();
    String script = request.path("script").asText();
    if (!catalogs.contains(catalog)) {
      respond(exchange, 404, error("NOT_FOUND", "Unknown catalog: " + catalog));
      return;
    }
    if (script.length() > maxScriptChars) {
      respond(exchange, 413, error("PAYLOAD_TOO_LARGE", "Invalid script: " + script.length()
          + " characters is more than the limit of " + maxScriptChars));
      return;
    }
    String sessionId = request.path("session-id").asText(null);
    if (sessionId != null && !sessions.contains(sessionId)) {
      respond(exchange, 404, error("NOT_FOUND", "Unknown session: " + sessionId));
      return;
    }
    if (sessionId == null) {
      sessionId = "s-" + UUID.randomUUID();
      sessions.add(sessionId);
    }
    Execution execution = new Execution(sessionId, catalog);
    int index = 1;
    for (String sql : script.split(";")) {
      if (!sql.isBlank()) {
        execution.statements.add(json.createObjectNode().put("index", index++).put("sql", sql.strip()).put("status", "PENDING"));
      }
    }
    executions.put(execution.id, execution);
    ObjectNode view;
    synchronized (execution) {
      view = view(execution);
    }
    engine.execute(() -> run(execution));
    respond(exchange, 202, view);
  }

  private void run(Execution execution) {
    boolean stopped = false;
    for (ObjectNode statement : execution.statements) {
      if (stopped || execution.cancel) {
        // As the AMS does: after a failure (stop-on-error) or a cancel, the rest are CANCELED without running.
        synchronized (execution) {
          statement.put("status", "CANCELED");
        }
        continue;
      }
      Behaviour behaviour = behaviours.getOrDefault(statement.get("sql").asText(), new Behaviour(List.of(), List.of(), false, null, null));
      long start = System.nanoTime();
      synchronized (execution) {
        statement.put("status", "RUNNING");
        execution.running = behaviour.blocker();
        execution.logs.add("Running statement " + statement.get("index").asInt());
      }
      boolean canceled = behaviour.blocker() != null && block(execution, behaviour.blocker());
      synchronized (execution) {
        statement.put("duration-ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (canceled) {
          statement.put("status", "CANCELED");
        } else if (behaviour.error() != null) {
          statement.put("status", "FAILED").put("error", behaviour.error());
          stopped = true;
        } else {
          statement.put("status", "SUCCESS").put("row-count", behaviour.rows().size()).put("truncated", behaviour.truncated());
          statement.set("columns", json.valueToTree(behaviour.columns()));
          statement.set("rows", json.valueToTree(behaviour.rows()));
        }
      }
    }
    execution.status = execution.cancel ? "CANCELED" : stopped ? "FAILED" : "FINISHED";
  }

  private boolean block(Execution execution, Blocker blocker) {
    blocker.started.countDown();
    try {
      while (!blocker.release.await(10, TimeUnit.MILLISECONDS)) {
        if (execution.cancel) {
          blocker.canceled.countDown();
          return true;
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void poll(HttpExchange exchange, String id) throws IOException {
    Execution execution = executions.get(id);
    if (execution == null) {
      respond(exchange, 404, error("NOT_FOUND", "Unknown execution: " + id));
      return;
    }
    ObjectNode view;
    synchronized (execution) {
      view = view(execution);
    }
    respond(exchange, 200, view);
    if (execution.running != null) {
      execution.polls.incrementAndGet();
    }
  }

  private void cancel(HttpExchange exchange, String id) throws IOException {
    Execution execution = executions.get(id);
    if (execution == null) {
      respond(exchange, 404, error("NOT_FOUND", "Unknown execution: " + id));
      return;
    }
    cancels.add(id);
    execution.cancel = true;
    respond(exchange, 202, json.createObjectNode().put("execution-id", id));
  }

  private ObjectNode view(Execution execution) {
    ObjectNode view = json.createObjectNode().put("execution-id", execution.id).put("session-id", execution.sessionId)
        .put("catalog", execution.catalog).put("status", execution.status).put("started-at", 1_700_000_000_000L);
    ArrayNode statements = view.putArray("statements");
    execution.statements.forEach(s -> statements.add(s.deepCopy()));
    view.set("logs", json.valueToTree(execution.logs));
    return view;
  }

  private JsonNode error(String code, String message) {
    return json.createObjectNode().put("code", code).put("message", message);
  }

  private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    executions.values().forEach(e -> e.cancel = true);
    server.stop(0);
    engine.shutdownNow();
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
