package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.CatalogRegistry;
import io.lakeward.ams.catalog.IcebergCatalogs;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.config.MaintenanceConfig;
import io.lakeward.ams.optimizing.OptimizingProcess;
import io.lakeward.ams.persistence.BlockerStore;
import io.lakeward.ams.persistence.MaintenanceRunStore;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs maintenance actions on tables and owns each run's state: a run is recorded RUNNING when it is
 * accepted and ends exactly once in SUCCESS, FAILED (with the cause) or SKIPPED (blocked or gone).
 * At most one run of an action is in flight per table; runs execute on a bounded pool of
 * {@code ams.maintenance.threads}, so maintenance never takes the threads that serve catalogs.
 */
public final class MaintenanceService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceService.class);
  static final String BLOCKED_OPERATION = "MAINTENANCE";

  private final Map<MaintenanceAction, TableMaintainer> maintainers;
  private final MaintenanceRunStore store;
  private final IcebergCatalogs catalogs;
  private final CatalogRegistry registry;
  private final OptimizingProcessStore processes;
  private final BlockerStore blockers;
  private final MaintenanceConfig config;
  private final Clock clock;
  private final ExecutorService pool;
  private final Map<RunKey, Long> running = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final List<RunListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Told when a run ends (the schedule keeps its per-table state from this). */
  public interface RunListener {
    void ended(MaintenanceRun run);
  }

  private record RunKey(TableName table, MaintenanceAction action) {}

  public MaintenanceService(List<TableMaintainer> maintainers, MaintenanceRunStore store, IcebergCatalogs catalogs,
      CatalogRegistry registry, OptimizingProcessStore processes, BlockerStore blockers, MaintenanceConfig config,
      Clock clock) {
    Map<MaintenanceAction, TableMaintainer> byAction = new EnumMap<>(MaintenanceAction.class);
    for (TableMaintainer maintainer : maintainers) {
      if (byAction.put(maintainer.action(), maintainer) != null) {
        throw new IllegalArgumentException("Two maintainers for " + maintainer.action());
      }
    }
    this.maintainers = Map.copyOf(byAction);
    this.store = requireNonNull(store, "store is null");
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.processes = requireNonNull(processes, "processes is null");
    this.blockers = requireNonNull(blockers, "blockers is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
    AtomicInteger threadIds = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread thread = new Thread(r, "maintenance-" + threadIds.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    int abandoned = store.failAbandoned(clock.millis());
    if (abandoned > 0) {
      LOG.warn("{} maintenance runs were cut short by the last stop of the AMS; they are recorded FAILED", abandoned);
    }
  }

  public void addListener(RunListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  /** The actions this AMS can run. */
  public Set<MaintenanceAction> actions() {
    return maintainers.keySet();
  }

  public boolean isRunning(TableName table, MaintenanceAction action) {
    return running.containsKey(new RunKey(table, action));
  }

  /**
   * Accepts a run and returns its RUNNING record; the work happens on the maintenance pool.
   *
   * @throws ConflictException when the action is already running on the table
   * @throws InvalidInputException when this AMS has no maintainer for the action
   */
  public MaintenanceRun submit(TableName table, MaintenanceAction action, MaintenanceTrigger trigger, boolean dryRun) {
    TableMaintainer maintainer = maintainers.get(action);
    if (maintainer == null) {
      throw InvalidInputException.of("Maintenance action %s is not available", action.wireName());
    }
    if (pool.isShutdown()) {
      throw new IllegalStateException("The AMS is stopping; maintenance runs are no longer accepted");
    }
    RunKey key = new RunKey(table, action);
    long now = clock.millis();
    long runId = now * 1000 + Math.floorMod(sequence.incrementAndGet(), 1000);
    Long previous = running.putIfAbsent(key, runId);
    if (previous != null) {
      throw new ConflictException(ErrorCode.CONFLICT, action.wireName() + " is already running on " + table
          + " (maintenance process " + previous + ")");
    }
    MaintenanceRun run = MaintenanceRun.started(runId, table, action, trigger, dryRun, now);
    try {
      store.insert(run);
      pool.execute(() -> execute(run, maintainer));
    } catch (RuntimeException e) {
      running.remove(key, runId);
      if (e instanceof RejectedExecutionException) {
        end(run, MaintenanceStatus.FAILED, MaintenanceOutcome.builder().build(""), "The AMS is stopping");
      }
      throw e;
    }
    return run;
  }

  public Optional<MaintenanceRun> find(long runId) {
    return store.find(runId);
  }

  public List<MaintenanceRun> history(TableName table, MaintenanceAction action, int limit) {
    return store.history(table, action, limit);
  }

  /** The table's effective maintenance settings (loads the table). */
  public MaintenanceProperties properties(TableName name, Table table) {
    return MaintenanceProperties.resolve(table.properties(), registry.get(name.catalog()).properties(),
        config.tableDefaults());
  }

  public Table load(TableName name) {
    return catalogs.catalog(name.catalog()).loadTable(TableIdentifier.of(name.database(), name.table()));
  }

  private void execute(MaintenanceRun run, TableMaintainer maintainer) {
    TableName name = run.table();
    String action = run.action().wireName();
    try {
      Optional<String> blocked = blocker(name);
      if (blocked.isPresent()) {
        end(run, MaintenanceStatus.SKIPPED, MaintenanceOutcome.builder().build(blocked.get()), null);
        return;
      }
      Table table = load(name);
      Set<Long> protectedSnapshots = processes.activeOf(name).map(OptimizingProcess::plannedSnapshotId)
          .map(Set::of).orElse(Set.of());
      MaintenanceProperties properties = properties(name, table);
      // The schedule falls back on what it knew when these are malformed; the run names the bad value.
      properties.enabled(run.action());
      properties.interval(run.action());
      MaintenanceContext context = new MaintenanceContext(name, table, properties, protectedSnapshots, run.dryRun(),
          clock);
      MaintenanceOutcome outcome = maintainer.maintain(context);
      LOG.info("{}{} of {}: {}", action, run.dryRun() ? " (dry run)" : "", name, outcome.summary());
      end(run, MaintenanceStatus.SUCCESS, outcome, null);
    } catch (NoSuchTableException e) {
      end(run, MaintenanceStatus.SKIPPED, MaintenanceOutcome.builder().build("The table no longer exists"), null);
    } catch (InvalidInputException e) {
      LOG.warn("{} of {} cannot run: {}", action, name, e.getMessage());
      end(run, MaintenanceStatus.FAILED, MaintenanceOutcome.builder().build(""), e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("{} of {} failed: {}", action, name, e.toString(), e);
      // A stop interrupts running work; say so rather than leave only the interruption's symptom.
      String reason = pool.isShutdown() ? "The AMS stopped during the run: " + e : e.toString();
      end(run, MaintenanceStatus.FAILED, MaintenanceOutcome.builder().build(""), reason);
    } finally {
      // end() has released the table; only a run that ended without end() (an Error) still holds it.
      running.remove(new RunKey(name, run.action()), run.runId());
    }
  }

  private Optional<String> blocker(TableName name) {
    return blockers.listLive(name, clock.millis()).stream()
        .filter(b -> b.operations().contains(BLOCKED_OPERATION))
        .map(b -> "Blocked for maintenance by blocker " + b.blockerId()).findFirst();
  }

  /**
   * Ends a run in this order: the listeners (the schedule) learn of it, the table and action are
   * free for the next run, and then the record says the run ended. So whoever sees the run ended
   * can start the next one at once (no spurious 409), and the schedule never finds the table free
   * while it still holds the run's state from before (it would retry a run that just used up its
   * last retry).
   */
  private void end(MaintenanceRun run, MaintenanceStatus status, MaintenanceOutcome outcome, String failReason) {
    long now = clock.millis();
    String summary = outcome.summary().isEmpty() ? null : outcome.summary();
    MaintenanceRun ended = new MaintenanceRun(run.runId(), run.table(), run.action(), run.trigger(), run.dryRun(),
        status, run.startedAt(), now, outcome.metrics(), summary, failReason);
    for (RunListener listener : listeners) {
      try {
        listener.ended(ended);
      } catch (RuntimeException e) {
        LOG.warn("A listener failed on the end of maintenance process {}: {}", run.runId(), e.toString(), e);
      }
    }
    running.remove(new RunKey(run.table(), run.action()), run.runId());
    // A stop interrupts the pool's threads, and embedded Derby closes the connection of an interrupted
    // thread: record the end with the flag cleared, then restore it.
    boolean interrupted = Thread.interrupted();
    try {
      store.end(run.runId(), status, now, outcome.metrics(), summary, failReason);
    } catch (RuntimeException e) {
      LOG.warn("Cannot record the end of maintenance process {}: {}", run.runId(), e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Deletes the records of runs that ended longer ago than ams.maintenance.history-retention. */
  public void purgeHistory() {
    store.deleteEndedBefore(clock.millis() - config.historyRetention().toMillis());
  }

  @Override
  public void close() throws InterruptedException {
    pool.shutdownNow();
    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("Maintenance runs still busy after 30s: {}", running.keySet().stream().map(Object::toString)
          .collect(Collectors.joining(", ")));
    }
  }
}
