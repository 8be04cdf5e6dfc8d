package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.terminal.TerminalExamples;
import io.lakeward.terminal.TerminalService;
import io.lakeward.terminal.script.ExecutionView;
import io.lakeward.terminal.script.StatementView;
import io.lakeward.terminal.session.SessionView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SQL terminal through REST: submit a script for a catalog (202, runs asynchronously), poll an
 * execution's statements, results and logs, cancel it, list and close a user's sessions, and example
 * statements. Submitting, cancelling and closing need the admin credentials like every other change.
 */
public final class TerminalRoutes implements RestRoutes {
  private static final String BASE = RestServer.API_PREFIX + "/terminal";

  private final TerminalService terminal;
  private final RestJson json;

  public TerminalRoutes(TerminalService terminal, RestJson json) {
    this.terminal = requireNonNull(terminal, "terminal is null");
    this.json = requireNonNull(json, "json is null");
  }

  /** Body of POST /terminal/executions: the session and the user are optional. */
  public record SubmitRequest(
      @JsonProperty("catalog") String catalog,
      @JsonProperty("script") String script,
      @JsonProperty("session-id") String sessionId,
      @JsonProperty("user") String user) {}

  @Override
  public void addTo(Javalin app) {
    app.post(BASE + "/executions", ctx -> {
      SubmitRequest request = json.read(ctx.bodyAsBytes(), SubmitRequest.class);
      String user = request.user() != null ? request.user() : ctx.attribute(RestServer.USER_ATTRIBUTE);
      ExecutionView execution = terminal.submit(user, request.catalog(), request.script(), request.sessionId());
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("execution-id", execution.executionId());
      view.put("session-id", execution.sessionId());
      view.put("catalog", execution.catalog());
      view.put("status", execution.status().name());
      ok(ctx, 202, view);
    });
    app.get(BASE + "/executions/{execution}", ctx -> ok(ctx, 200, view(terminal.execution(ctx.pathParam("execution")))));
    app.post(BASE + "/executions/{execution}/cancel",
        ctx -> ok(ctx, 200, view(terminal.cancel(ctx.pathParam("execution")))));
    app.get(BASE + "/sessions", ctx ->
        ok(ctx, 200, terminal.sessions(ctx.queryParam("user")).stream().map(TerminalRoutes::view).toList()));
    app.delete(BASE + "/sessions/{session}", ctx -> ok(ctx, 200, view(terminal.closeSession(ctx.pathParam("session")))));
    app.get(BASE + "/examples", ctx -> ok(ctx, 200, terminal.examples(ctx.queryParam("catalog")).stream()
        .map(TerminalRoutes::view).toList()));
  }

  static Map<String, Object> view(ExecutionView execution) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("execution-id", execution.executionId());
    view.put("session-id", execution.sessionId());
    view.put("catalog", execution.catalog());
    view.put("status", execution.status().name());
    view.put("started-at", execution.startedAt());
    view.put("ended-at", execution.endedAt());
    view.put("statements", execution.statements().stream().map(TerminalRoutes::view).toList());
    view.put("logs", execution.logs());
    return view;
  }

  static Map<String, Object> view(StatementView statement) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("index", statement.index());
    view.put("sql", statement.sql());
    view.put("status", statement.status().name());
    view.put("duration-ms", statement.durationMillis());
    view.put("row-count", statement.rowCount());
    view.put("truncated", statement.truncated());
    view.put("columns", statement.columns());
    view.put("rows", statement.rows());
    view.put("error", statement.error());
    return view;
  }

  static Map<String, Object> view(SessionView session) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("session-id", session.sessionId());
    view.put("user", session.user());
    view.put("catalog", session.catalog());
    view.put("backend", session.backend());
    view.put("status", session.status());
    view.put("running-execution-id", session.runningExecutionId());
    view.put("created-at", session.createdAt());
    view.put("last-active-at", session.lastActiveAt());
    return view;
  }

  static Map<String, Object> view(TerminalExamples.Example example) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", example.name());
    view.put("sql", example.sql());
    return view;
  }

  private void ok(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.write(body));
  }
}
