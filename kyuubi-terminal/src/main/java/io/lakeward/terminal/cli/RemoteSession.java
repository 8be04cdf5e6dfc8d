package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Runs scripts in one AMS terminal session: submits a script, polls the execution until it ends, reports each
 * statement as it finishes and the log lines as they appear. The first submission opens the session; later ones
 * reuse it (so {@code USE db} or {@code SET} carry over in interactive mode), and {@link #close()} ends it on the AMS.
 *
 * <p>{@link #cancel()} and {@link #abandon()} may be called from another thread (a Ctrl-C handler, a shutdown hook)
 * while {@link #run} polls; everything else runs on one thread.
 */
final class RemoteSession implements AutoCloseable {
  private static final Duration FIRST_POLL = Duration.ofMillis(25);
  private static final Duration MAX_POLL = Duration.ofMillis(500);

  private final TerminalClient client;
  private final String catalog;
  private final String user;
  private final PrintStream err;
  private volatile String sessionId;
  private volatile String runningExecutionId;
  private volatile boolean closed;

  RemoteSession(TerminalClient client, String catalog, String user, PrintStream err) {
    this.client = requireNonNull(client, "client is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.user = user;
    this.err = requireNonNull(err, "err is null");
  }

  /**
   * Runs one script to its end and returns the final state of the execution. Statements are reported to the
   * listener in order as they finish; the progress line is erased before each report.
   *
   * @throws CliFailure when the AMS cannot be reached, refuses the credentials or rejects the script
   */
  AmsExecution run(String script, RunListener listener, ProgressIndicator progress) {
    progress.start();
    AmsExecution execution = submit(script);
    runningExecutionId = execution.executionId();
    try {
      int reported = 0;
      int logsSeen = 0;
      Duration wait = FIRST_POLL;
      while (true) {
        execution = client.execution(execution.executionId());
        if (execution.logs().size() > logsSeen) {
          progress.clear();
          listener.logs(execution.logs().subList(logsSeen, execution.logs().size()));
          logsSeen = execution.logs().size();
        }
        reported = reportFinished(execution, reported, listener, progress);
        if (execution.status().isTerminal()) {
          break;
        }
        progress.update(execution);
        pause(wait);
        wait = wait.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : wait.multipliedBy(2);
      }
      progress.clear();
      listener.executionFinished(execution);
      return execution;
    } finally {
      runningExecutionId = null;
      progress.clear();
    }
  }

  /**
   * Asks the AMS to cancel the running execution, if there is one; the polling {@link #run} then sees it end
   * CANCELED. Failures are reported on stderr, never thrown: this runs from a signal handler.
   */
  void cancel() {
    String executionId = runningExecutionId;
    if (executionId == null) {
      return;
    }
    err.println();
    err.println("Canceling the running statement...");
    try {
      client.cancel(executionId);
    } catch (CliFailure e) {
      err.println("ERROR: could not cancel: " + e.getMessage());
    }
  }

  /** For a shutdown hook (Ctrl-C in batch mode): cancels what runs and closes the session. */
  void abandon() {
    cancel();
    close();
  }

  /** The AMS session in use, or null before the first submission. */
  String sessionId() {
    return sessionId;
  }

  /** Closes the session on the AMS, once; failures only warn, the session then expires on its own. */
  @Override
  public void close() {
    String session = sessionId;
    if (closed || session == null) {
      return;
    }
    closed = true;
    try {
      client.closeSession(session);
    } catch (CliFailure e) {
      err.println("Warning: could not close session " + session + " (it expires on its own): " + e.getMessage());
    }
  }

  private AmsExecution submit(String script) {
    String session = sessionId;
    AmsExecution execution;
    try {
      execution = client.submit(catalog, script, session, user);
    } catch (CliFailure e) {
      // The session may have expired on the AMS while an interactive user was idle: start a new one, once.
      if (session == null || (e.httpStatus() != 404 && e.httpStatus() != 410)) {
        throw e;
      }
      err.println("Session " + session + " is gone on the AMS (" + e.getMessage() + "); starting a new session.");
      sessionId = null;
      execution = client.submit(catalog, script, null, user);
    }
    sessionId = execution.sessionId();
    return execution;
  }

  private static int reportFinished(AmsExecution execution, int reported, RunListener listener, ProgressIndicator progress) {
    List<AmsStatement> statements = execution.statements();
    int next = reported;
    while (next < statements.size() && statements.get(next).status().isTerminal()) {
      progress.clear();
      listener.statementFinished(statements.get(next), next + 1, statements.size());
      next++;
    }
    return next;
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliFailure.unavailable("Interrupted while waiting for the AMS", e);
    }
  }
}
