package io.lakeward.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An execution as the AMS reports it ({@code GET /api/ams/v1/terminal/executions/{id}}): a script run in a session,
 * its statements in order and the server's log lines. {@code startedAt}/{@code endedAt} are passed through as the
 * AMS sends them.
 */
record AmsExecution(String executionId, String sessionId, String catalog, Status status, JsonNode startedAt,
    JsonNode endedAt, List<AmsStatement> statements, List<String> logs) {

  /** The state of the whole execution. */
  enum Status {
    RUNNING, FINISHED, FAILED, CANCELED;

    boolean isTerminal() {
      return this != RUNNING;
    }
  }

  AmsExecution {
    statements = statements == null ? List.of() : List.copyOf(statements);
    logs = logs == null ? List.of() : List.copyOf(logs);
  }

  /** True when the execution finished and every statement in it succeeded. */
  boolean succeeded() {
    return status == Status.FINISHED && statements.stream().allMatch(s -> s.status() == AmsStatement.Status.SUCCESS);
  }

  /** The first statement that is not finished yet (running or pending), or null. */
  AmsStatement current() {
    return statements.stream().filter(s -> !s.status().isTerminal()).findFirst().orElse(null);
  }
}
