package io.lakeward.terminal.script;

import io.lakeward.terminal.backend.TerminalException;
import io.lakeward.terminal.backend.TerminalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the statements of an execution in order on an engine session, recording each outcome. A cancel
 * (requested on the execution, the engine interrupted by whoever requested it) ends the running
 * statement CANCELED and skips the rest; a failed statement skips the rest when stop-on-error is set.
 */
public final class ScriptRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);

  private final int resultLimit;
  private final boolean stopOnError;

  /** Gives the engine session to run on, opening it first when needed (which may take a while). */
  @FunctionalInterface
  public interface EngineOpener {
    TerminalSession open() throws TerminalException;
  }

  public ScriptRunner(int resultLimit, boolean stopOnError) {
    if (resultLimit < 1) {
      throw new IllegalArgumentException("Invalid result limit: " + resultLimit);
    }
    this.resultLimit = resultLimit;
    this.stopOnError = stopOnError;
  }

  /** Runs the execution to its end; never throws (failures end up in the execution). */
  public void run(ScriptExecution execution, EngineOpener opener) {
    int current = -1;
    try {
      if (execution.isCancelRequested()) {
        return;
      }
      TerminalSession engine;
      try {
        engine = opener.open();
      } catch (TerminalException e) {
        if (!execution.isCancelRequested()) {
          execution.failed(0, e.getMessage());
          execution.skipFrom(1, "the session could not be opened");
        }
        return;
      }
      for (int i = 0; i < execution.size(); i++) {
        if (execution.isCancelRequested()) {
          execution.skipFrom(i, "the execution was cancelled");
          return;
        }
        current = i;
        execution.started(i);
        try {
          execution.succeeded(i, engine.execute(execution.sql(i), resultLimit));
        } catch (TerminalException e) {
          if (execution.isCancelRequested()) {
            execution.interrupted(i);
            execution.skipFrom(i + 1, "the execution was cancelled");
            return;
          }
          execution.failed(i, e.getMessage());
          if (stopOnError) {
            execution.skipFrom(i + 1, "statement " + (i + 1) + " failed and ams.terminal.stop-on-error is true");
            return;
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Terminal execution {} failed unexpectedly", execution.id(), e);
      if (current >= 0) {
        execution.failed(current, "Internal error: " + e);
      }
    } finally {
      execution.finish();
    }
  }
}
