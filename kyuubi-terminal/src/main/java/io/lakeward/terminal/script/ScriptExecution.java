package io.lakeward.terminal.script;

import static java.util.Objects.requireNonNull;

import io.lakeward.terminal.backend.StatementResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one script execution, changed by the thread that runs it and read (as an
 * {@link ExecutionView} snapshot) by anyone; every method is atomic. Statements move PENDING, RUNNING,
 * then SUCCESS, FAILED or CANCELED; a log line records each move with its time.
 */
public final class ScriptExecution {
  private static final int SQL_IN_LOG = 80;

  private final String id;
  private final String sessionId;
  private final String user;
  private final String catalog;
  private final Clock clock;
  private final long startedAt;
  private final List<Statement> statements = new ArrayList<>();
  private final List<String> logs = new ArrayList<>();
  private Long endedAt;
  private boolean cancelRequested;

  /** One statement's mutable state. */
  private static final class Statement {
    final String sql;
    StatementStatus status = StatementStatus.PENDING;
    long startNanos;
    long durationMillis;
    StatementResult result = StatementResult.empty();
    String error;

    Statement(String sql) {
      this.sql = sql;
    }
  }

  public ScriptExecution(String id, String sessionId, String user, String catalog, List<String> statements, Clock clock) {
    this.id = requireNonNull(id, "id is null");
    this.sessionId = requireNonNull(sessionId, "sessionId is null");
    this.user = requireNonNull(user, "user is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.clock = requireNonNull(clock, "clock is null");
    if (statements.isEmpty()) {
      throw new IllegalArgumentException("An execution needs at least one statement");
    }
    statements.forEach(sql -> this.statements.add(new Statement(sql)));
    this.startedAt = clock.millis();
    log("execution " + id + " submitted: " + statements.size() + " statement(s) on catalog " + catalog);
  }

  public String id() {
    return id;
  }

  public String sessionId() {
    return sessionId;
  }

  public String catalog() {
    return catalog;
  }

  public synchronized int size() {
    return statements.size();
  }

  public synchronized String sql(int index) {
    return statements.get(index).sql;
  }

  /** Asks the execution to stop; true when it was still running (then the runner must interrupt it). */
  public synchronized boolean requestCancel() {
    if (endedAt != null || cancelRequested) {
      return false;
    }
    cancelRequested = true;
    log("cancel requested");
    return true;
  }

  public synchronized boolean isCancelRequested() {
    return cancelRequested;
  }

  public synchronized boolean isEnded() {
    return endedAt != null;
  }

  public synchronized Long endedAt() {
    return endedAt;
  }

  public synchronized void log(String message) {
    logs.add(Instant.ofEpochMilli(clock.millis()) + " " + message);
  }

  public synchronized void started(int index) {
    Statement statement = statements.get(index);
    statement.status = StatementStatus.RUNNING;
    statement.startNanos = System.nanoTime();
    log(label(index) + " started: " + abbreviated(statement.sql));
  }

  public synchronized void succeeded(int index, StatementResult result) {
    Statement statement = end(index, StatementStatus.SUCCESS);
    statement.result = result;
    log(label(index) + " finished in " + statement.durationMillis + " ms, " + result.rows().size() + " row(s)"
        + (result.truncated() ? " (more rows not fetched)" : ""));
  }

  public synchronized void failed(int index, String error) {
    Statement statement = end(index, StatementStatus.FAILED);
    statement.error = error;
    log(label(index) + " failed after " + statement.durationMillis + " ms: " + firstLine(error));
  }

  /** Ends a running statement as cancelled (it was interrupted). */
  public synchronized void interrupted(int index) {
    Statement statement = end(index, StatementStatus.CANCELED);
    log(label(index) + " cancelled after " + statement.durationMillis + " ms");
  }

  /** Marks every statement not yet ended, from index on, as cancelled, giving the reason once. */
  public synchronized void skipFrom(int index, String reason) {
    int skipped = 0;
    for (int i = index; i < statements.size(); i++) {
      Statement statement = statements.get(i);
      if (!statement.status.isEnded()) {
        statement.status = StatementStatus.CANCELED;
        skipped++;
      }
    }
    if (skipped > 0) {
      log(skipped + " statement(s) not run: " + reason);
    }
  }

  /** Ends the execution; its status follows from its statements. */
  public synchronized void finish() {
    skipFrom(0, "the execution ended");
    endedAt = clock.millis();
    log("execution " + status().name().toLowerCase(java.util.Locale.ROOT));
  }

  public synchronized ExecutionStatus status() {
    if (endedAt == null) {
      return ExecutionStatus.RUNNING;
    }
    if (statements.stream().anyMatch(s -> s.status == StatementStatus.FAILED)) {
      return ExecutionStatus.FAILED;
    }
    if (statements.stream().anyMatch(s -> s.status == StatementStatus.CANCELED)) {
      return ExecutionStatus.CANCELED;
    }
    return ExecutionStatus.FINISHED;
  }

  public synchronized ExecutionView view() {
    List<StatementView> views = new ArrayList<>(statements.size());
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      long duration = s.status == StatementStatus.RUNNING ? (System.nanoTime() - s.startNanos) / 1_000_000
          : s.durationMillis;
      views.add(new StatementView(i + 1, s.sql, s.status, duration, s.result.rows().size(), s.result.truncated(),
          s.result.columns(), s.result.rows(), s.error));
    }
    return new ExecutionView(id, sessionId, user, catalog, status(), startedAt, endedAt, views, logs);
  }

  private Statement end(int index, StatementStatus status) {
    Statement statement = statements.get(index);
    statement.status = status;
    statement.durationMillis = statement.startNanos == 0 ? 0 : (System.nanoTime() - statement.startNanos) / 1_000_000;
    return statement;
  }

  private String label(int index) {
    return "statement " + (index + 1) + "/" + statements.size();
  }

  private static String abbreviated(String sql) {
    String line = sql.replaceAll("\\s+", " ");
    return line.length() <= SQL_IN_LOG ? line : line.substring(0, SQL_IN_LOG - 3) + "...";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
