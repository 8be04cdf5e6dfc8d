package io.lakeward.terminal.session;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.terminal.backend.CatalogBinding;
import io.lakeward.terminal.backend.TerminalBackend;
import io.lakeward.terminal.backend.TerminalException;
import io.lakeward.terminal.backend.TerminalSession;
import io.lakeward.terminal.script.ScriptExecution;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terminal session of one user: at most one execution at a time, on an engine session that is opened
 * on its first execution and kept for the next ones (so settings carry over), reopened when the engine
 * lost it.
 */
public final class UserSession {
  private static final Logger LOG = LoggerFactory.getLogger(UserSession.class);

  private final String id;
  private final String user;
  private final TerminalBackend backend;
  private final Clock clock;
  private final long createdAt;
  private long lastActiveAt;
  private String catalog;
  private TerminalSession engine;
  private ScriptExecution running;
  private boolean closed;

  public UserSession(String id, String user, TerminalBackend backend, Clock clock) {
    this.id = requireNonNull(id, "id is null");
    this.user = requireNonNull(user, "user is null");
    this.backend = requireNonNull(backend, "backend is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.createdAt = clock.millis();
    this.lastActiveAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String user() {
    return user;
  }

  /** Makes the execution this session's running one; 409 when another one runs or the session is closed. */
  public synchronized void begin(ScriptExecution execution) {
    if (closed) {
      throw new ConflictException(ErrorCode.CONFLICT, "Terminal session " + id + " is closed");
    }
    if (running != null) {
      throw new ConflictException(ErrorCode.CONFLICT, "Terminal session " + id + " is running execution "
          + running.id() + "; wait for it to end or cancel it");
    }
    running = execution;
    catalog = execution.catalog();
    lastActiveAt = clock.millis();
  }

  public synchronized void end(ScriptExecution execution) {
    if (running == execution) {
      running = null;
    }
    lastActiveAt = clock.millis();
  }

  /**
   * The engine session with the catalog registered and current, opened first when there is none (or
   * the engine lost it). Called by the thread that runs this session's execution.
   */
  public TerminalSession engine(CatalogBinding binding, ScriptExecution execution) throws TerminalException {
    TerminalSession current;
    TerminalSession lost = null;
    synchronized (this) {
      checkOpen();
      if (engine != null && !engine.isOpen()) {
        lost = engine;
        engine = null;
      }
      current = engine;
    }
    if (current != null) {
      try {
        current.useCatalog(binding);
      } catch (TerminalException e) {
        throw new TerminalException("Cannot use catalog " + binding.catalog() + ": " + e.getMessage(), e);
      }
      return current;
    }
    if (lost != null) {
      closeQuietly(lost);
      execution.log("the engine session was lost (with its settings): opening a new one on backend " + backend.name());
    } else {
      execution.log("opening an engine session on backend " + backend.name());
    }
    TerminalSession opened = backend.open(user, binding);
    synchronized (this) {
      if (closed) {
        closeQuietly(opened);
        checkOpen();
      }
      engine = opened;
    }
    execution.log("engine session open, catalog " + binding.catalog() + " registered and current");
    return opened;
  }

  private void checkOpen() throws TerminalException {
    if (closed) {
      throw new TerminalException("Terminal session " + id + " is closed");
    }
  }

  /**
   * Interrupts the statement the execution runs now, if it is still this session's running execution
   * (blocks while the engine takes the request).
   */
  public void cancelRunning(ScriptExecution execution) {
    TerminalSession current;
    synchronized (this) {
      if (running != execution) {
        return;
      }
      current = engine;
    }
    if (current != null) {
      current.cancel();
    }
  }

  public synchronized ScriptExecution running() {
    return running;
  }

  /** True when no execution runs and the last one ended before the cutoff. */
  public synchronized boolean idleSince(long cutoffMillis) {
    return running == null && lastActiveAt < cutoffMillis;
  }

  /** Closes the engine session; a running statement is interrupted by that. Idempotent. */
  public void close() {
    TerminalSession toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = engine;
      engine = null;
    }
    if (toClose != null) {
      closeQuietly(toClose);
    }
  }

  private void closeQuietly(TerminalSession session) {
    try {
      session.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing the engine session of terminal session {} failed: {}", id, e.toString());
    }
  }

  public synchronized SessionView view() {
    String status = closed ? "CLOSED" : running != null ? "RUNNING" : "IDLE";
    return new SessionView(id, user, catalog, backend.name(), status, running == null ? null : running.id(), createdAt,
        lastActiveAt);
  }
}
