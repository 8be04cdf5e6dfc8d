package io.lakeward.terminal.session;

import static java.util.Objects.requireNonNull;

/**
 * A terminal session as it stands: its owner, the catalog of its latest execution, the backend it runs
 * on, whether it runs an execution now (RUNNING), waits (IDLE) or is CLOSED, and when it was created
 * and last active (idle sessions expire after the session timeout).
 */
public record SessionView(
    String sessionId,
    String user,
    String catalog,
    String backend,
    String status,
    String runningExecutionId,
    long createdAt,
    long lastActiveAt) {

  public SessionView {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(user, "user is null");
    requireNonNull(backend, "backend is null");
    requireNonNull(status, "status is null");
  }
}
