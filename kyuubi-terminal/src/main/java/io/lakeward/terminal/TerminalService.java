package io.lakeward.terminal;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.config.DataSize;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.terminal.backend.CatalogBinding;
import io.lakeward.terminal.backend.TerminalBackend;
import io.lakeward.terminal.script.ExecutionView;
import io.lakeward.terminal.script.ScriptExecution;
import io.lakeward.terminal.script.ScriptRunner;
import io.lakeward.terminal.script.StatementSplitter;
import io.lakeward.terminal.session.SessionRegistry;
import io.lakeward.terminal.session.SessionView;
import io.lakeward.terminal.session.UserSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL terminal: users submit scripts for a catalog, each runs asynchronously in a session of its
 * user on the configured backend, and is polled, cancelled and listed by id. Executions run on a
 * bounded pool, so scripts never take the AMS's own threads; idle sessions expire, and ended
 * executions are forgotten one session timeout after they ended.
 */
public final class TerminalService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalService.class);
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
  private static final Duration MAX_SWEEP_INTERVAL = Duration.ofSeconds(30);
  private static final long SHUTDOWN_WAIT_SECONDS = 10;

  private final TerminalBackend backend;
  private final CatalogLocator catalogs;
  private final TerminalSettings settings;
  private final Clock clock;
  private final SessionRegistry sessions;
  private final ScriptRunner runner;
  private final Map<String, Tracked> executions = new ConcurrentHashMap<>();
  private final ExecutorService pool;
  /** Blocking engine calls made on someone else's behalf: cancels and session closes. */
  private final ExecutorService helpers;
  private final ScheduledExecutorService housekeeping;
  private volatile boolean closed;

  private record Tracked(ScriptExecution execution, UserSession session) {}

  public TerminalService(TerminalBackend backend, CatalogLocator catalogs, TerminalSettings settings, Clock clock) {
    this.backend = requireNonNull(backend, "backend is null");
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.sessions = new SessionRegistry(backend, settings.maxSessions(), clock);
    this.runner = new ScriptRunner(settings.resultLimit(), settings.stopOnError());
    this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), daemons("terminal-execution"));
    this.helpers = Executors.newCachedThreadPool(daemons("terminal-cancel"));
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemons("terminal-housekeeping"));
    long sweep = Math.max(100, Math.min(settings.sessionTimeout().toMillis() / 2, MAX_SWEEP_INTERVAL.toMillis()));
    housekeeping.scheduleWithFixedDelay(this::expire, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** The configured backend's name (local or kyuubi). */
  public String backendName() {
    return backend.name();
  }

  /**
   * Starts running a script for a user on a catalog, in the given session of that user or in a new one.
   *
   * @return the execution as it stands right after submission (RUNNING)
   * @throws io.lakeward.common.exceptions.InvalidInputException for a bad user name, a missing catalog, an
   *     empty script or one above ams.terminal.max-script-size
   * @throws NotFoundException for an unknown catalog, or a session id the user has no session by
   * @throws ConflictException when the session runs another execution, or too many sessions are open
   */
  public ExecutionView submit(String user, String catalog, String script, String sessionId) {
    checkOpen();
    String owner = checkUser(user);
    checkArgument(catalog != null && !catalog.isBlank(), "Invalid request: catalog is required");
    checkArgument(script != null, "Invalid request: script is required");
    long bytes = script.getBytes(StandardCharsets.UTF_8).length;
    checkArgument(bytes <= settings.maxScriptBytes(),
        "Invalid script: %s bytes is larger than the limit of %s (ams.terminal.max-script-size)", bytes,
        new DataSize(settings.maxScriptBytes()));
    List<String> statements = StatementSplitter.split(script);
    checkArgument(!statements.isEmpty(), "Invalid script: it holds no SQL statement (only whitespace or comments)");
    CatalogBinding binding = catalogs.locate(catalog);
    UserSession session = sessionId == null ? sessions.create(owner) : sessions.find(sessionId, owner);
    ScriptExecution execution = new ScriptExecution(UUID.randomUUID().toString(), session.id(), owner, catalog,
        statements, clock);
    session.begin(execution);
    executions.put(execution.id(), new Tracked(execution, session));
    try {
      pool.execute(() -> run(execution, session, binding));
    } catch (RejectedExecutionException e) {
      executions.remove(execution.id());
      session.end(execution);
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot run the script: the terminal is shutting down");
    }
    return execution.view();
  }

  private void run(ScriptExecution execution, UserSession session, CatalogBinding binding) {
    try {
      runner.run(execution, () -> session.engine(binding, execution));
    } finally {
      session.end(execution);
    }
  }

  /** The execution with this id as it stands; 404 when unknown (or forgotten). */
  public ExecutionView execution(String id) {
    return tracked(id).execution().view();
  }

  /**
   * Cancels an execution: the running statement is interrupted on the engine, the rest do not run. The
   * answer comes at once; the execution shows CANCELED once the engine stopped the statement.
   */
  public ExecutionView cancel(String id) {
    Tracked tracked = tracked(id);
    if (tracked.execution().requestCancel()) {
      try {
        helpers.execute(() -> tracked.session().cancelRunning(tracked.execution()));
      } catch (RejectedExecutionException e) {
        LOG.debug("Terminal shutting down: execution {} is cancelled by the shutdown", id);
      }
    }
    return tracked.execution().view();
  }

  /** The open sessions of a user, oldest first. */
  public List<SessionView> sessions(String user) {
    String owner = checkUser(user);
    return sessions.of(owner).stream().map(UserSession::view).toList();
  }

  /** Closes a session, cancelling its running execution; 404 when there is no such session. */
  public SessionView closeSession(String id) {
    checkArgument(id != null && !id.isBlank(), "Invalid session id: empty");
    UserSession session = sessions.remove(id);
    ScriptExecution running = session.running();
    if (running != null) {
      running.requestCancel();
    }
    // Closing the engine session interrupts a running statement on the engine.
    session.close();
    return session.view();
  }

  /** Example statements for a catalog; 404 when the catalog is given and unknown. */
  public List<TerminalExamples.Example> examples(String catalog) {
    if (catalog != null) {
      catalogs.locate(catalog);
    }
    return TerminalExamples.forCatalog(catalog);
  }

  private Tracked tracked(String id) {
    Tracked tracked = id == null ? null : executions.get(id);
    if (tracked == null) {
      throw new NotFoundException(ErrorCode.NO_SUCH_OBJECT, "Terminal execution does not exist: " + id);
    }
    return tracked;
  }

  private static String checkUser(String user) {
    checkArgument(user != null && USER_NAME.matcher(user).matches(),
        "Invalid user name: '%s' (1 to 128 letters, digits and . _ @ -)", user);
    return user;
  }

  private void checkOpen() {
    if (closed) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot run the script: the terminal is shutting down");
    }
  }

  /** Closes sessions idle longer than the session timeout and forgets executions ended as long ago. */
  void expire() {
    try {
      long cutoff = clock.millis() - settings.sessionTimeout().toMillis();
      for (UserSession idle : sessions.removeIdle(cutoff)) {
        LOG.info("Terminal session {} of {} expired after {} idle", idle.id(), idle.user(), settings.sessionTimeout());
        helpers.execute(idle::close);
      }
      executions.values().removeIf(t -> t.execution().isEnded() && t.execution().endedAt() < cutoff);
    } catch (RuntimeException e) {
      LOG.warn("Terminal housekeeping failed: {}", e.toString(), e);
    }
  }

  /** Cancels every execution, closes every session, stops the pools and then the backend. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    housekeeping.shutdownNow();
    executions.values().forEach(t -> t.execution().requestCancel());
    for (UserSession session : sessions.removeAll()) {
      session.close();
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Terminal executions still running after {} s; interrupting them", SHUTDOWN_WAIT_SECONDS);
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
    }
    helpers.shutdownNow();
    backend.close();
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
