package io.lakeward.terminal.script;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A consistent snapshot of one script execution: its statements and log lines at one moment. */
public record ExecutionView(
    String executionId,
    String sessionId,
    String user,
    String catalog,
    ExecutionStatus status,
    long startedAt,
    Long endedAt,
    List<StatementView> statements,
    List<String> logs) {

  public ExecutionView {
    requireNonNull(executionId, "executionId is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(user, "user is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(status, "status is null");
    statements = List.copyOf(statements);
    logs = List.copyOf(logs);
  }
}
