package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.config.MaintenanceConfig;
import io.lakeward.ams.config.MaintenanceScheduleConfig;
import io.lakeward.ams.persistence.ManagedTableStore;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.scheduler.quartz.CronHandler;
import io.lakeward.scheduler.quartz.LakewardScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when each managed table is due for each maintenance action and submits it. A Quartz job
 * ("maintenance-check") looks every {@code ams.maintenance.check-interval}: an action is due on a
 * table when it is enabled there and its interval (the table's {@code maintenance.<action>.interval}
 * property, else the server's) has passed since the last run, or when the last run failed and
 * {@code retry-interval} has passed, up to {@code max-retries} retries in a row (then it waits for
 * its interval). An action whose server schedule is a cron expression runs on every enabled table
 * (without its own interval) at each fire instead. Tables are loaded when some action may be due,
 * and to read their settings again at most once a minute (a changed interval or enabled flag is
 * seen within a minute).
 */
public final class MaintenanceSchedule implements CronHandler, MaintenanceService.RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceSchedule.class);
  public static final String CRON_PREFIX = "maintenance:";

  private final MaintenanceService service;
  private final ManagedTableStore managed;
  private final LakewardScheduler scheduler;
  private final MaintenanceConfig config;
  private final Clock clock;
  private final Supplier<Map<TableName, String>> metadataVersions;
  private final Map<Key, State> states = new ConcurrentHashMap<>();
  /** Cron actions that fired and still have tables to run on at the next check. */
  private final Set<MaintenanceAction> cronFired = ConcurrentHashMap.newKeySet();

  private record Key(TableName table, MaintenanceAction action) {}

  /**
   * What the schedule knows of one table and action: the last run and, from the last load of the
   * table (at settingsReadAt, 0 when never), its own interval (empty: the server's) and whether the
   * action is enabled there.
   */
  private record State(long lastStartedAt, long lastEndedAt, int failuresInARow, boolean enabled,
      Optional<Duration> ownInterval, long settingsReadAt, String settingsVersion) {

    State withSettings(boolean enabled, Optional<Duration> ownInterval, long now, String version) {
      return new State(lastStartedAt, lastEndedAt, failuresInARow, enabled, ownInterval, now, version);
    }

    State withStarted(long startedAt) {
      return new State(Math.max(lastStartedAt, startedAt), lastEndedAt, failuresInARow, enabled, ownInterval,
          settingsReadAt, settingsVersion);
    }

    State withEnded(MaintenanceRun run) {
      return new State(Math.max(lastStartedAt, run.startedAt()), run.endedAt(),
          run.status() == MaintenanceStatus.FAILED ? failuresInARow + 1 : 0, enabled, ownInterval, settingsReadAt,
          settingsVersion);
    }
  }

  /**
   * @param metadataVersions the metadata location of each table as the table evaluation last saw it:
   *     when it moves (a commit or a property change), the table's settings are read again at the next
   *     check rather than within a minute
   */
  public MaintenanceSchedule(MaintenanceService service, ManagedTableStore managed, LakewardScheduler scheduler,
      MaintenanceConfig config, Supplier<Map<TableName, String>> metadataVersions, Clock clock) {
    this.service = requireNonNull(service, "service is null");
    this.metadataVersions = requireNonNull(metadataVersions, "metadataVersions is null");
    this.managed = requireNonNull(managed, "managed is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
    service.addListener(this);
  }

  /** Schedules the check job and the cron triggers of actions scheduled by cron; before the scheduler starts. */
  public void start() {
    for (MaintenanceAction action : service.actions()) {
      String key = CRON_PREFIX + action.wireName();
      String cron = config.schedule(action.wireName()).cron();
      if (cron != null) {
        scheduler.scheduleCron(key, cron, "UTC", Map.of("action", action.wireName()));
      } else if (scheduler.cronKeys().contains(key)) {
        scheduler.unscheduleCron(key);
      }
    }
    scheduler.schedule("maintenance-check", config.checkInterval(), config.checkInterval(), this::check);
  }

  @Override
  public void fire(String key, Map<String, String> data, Instant scheduledFireTime) {
    MaintenanceAction action = MaintenanceAction.of(data.get("action"));
    LOG.info("Maintenance cron of {} fired (fire time {})", action.wireName(), scheduledFireTime);
    cronFired.add(action);
    check();
  }

  /** One pass over the managed tables; a failing table never stops the others. */
  public synchronized void check() {
    List<TableName> tables = managed.listAll();
    states.keySet().retainAll(tables.stream().flatMap(t -> service.actions().stream().map(a -> new Key(t, a)))
        .collect(java.util.stream.Collectors.toSet()));
    Set<MaintenanceAction> fired = new HashSet<>(cronFired);
    cronFired.removeAll(fired);
    long now = clock.millis();
    Map<TableName, String> versions = metadataVersions.get();
    for (TableName table : tables) {
      try {
        checkTable(table, versions.get(table), fired, now);
      } catch (RuntimeException e) {
        LOG.warn("Cannot check maintenance of {}: {}", table, e.toString());
      }
    }
  }

  private void checkTable(TableName name, String version, Set<MaintenanceAction> fired, long now) {
    Set<MaintenanceAction> maybeDue = new HashSet<>();
    for (MaintenanceAction action : service.actions()) {
      Key key = new Key(name, action);
      State state = states.computeIfAbsent(key, k -> fromHistory(name, action));
      if (!service.isRunning(name, action) && (state == null || mayBeDue(action, state, version, fired, now))) {
        maybeDue.add(action);
      }
    }
    if (maybeDue.isEmpty()) {
      return;
    }
    Table table = service.load(name);
    MaintenanceProperties properties = service.properties(name, table);
    for (MaintenanceAction action : maybeDue) {
      Key key = new Key(name, action);
      State state = states.get(key);
      boolean enabled;
      try {
        enabled = properties.enabled(action);
      } catch (InvalidInputException e) {
        // Run anyway when it was enabled before: the run records the bad setting as its failure.
        enabled = state != null && state.enabled();
      }
      Optional<Duration> ownInterval;
      try {
        ownInterval = properties.interval(action);
      } catch (InvalidInputException e) {
        ownInterval = Optional.empty();
      }
      boolean readEnabled = enabled;
      Optional<Duration> readInterval = ownInterval;
      // compute, not put: a run that ended since the get above (a manual one) keeps its update.
      State known = states.compute(key, (k, s) -> s == null
          ? new State(0, 0, 0, readEnabled, readInterval, now, version)
          : s.withSettings(readEnabled, readInterval, now, version));
      if (enabled && isDue(action, known, fired, now)) {
        submit(name, action);
      }
    }
  }

  private void submit(TableName name, MaintenanceAction action) {
    try {
      MaintenanceRun run = service.submit(name, action, MaintenanceTrigger.SCHEDULED, false);
      states.computeIfPresent(new Key(name, action), (k, s) -> s.withStarted(run.startedAt()));
    } catch (ConflictException e) {
      // Started by hand meanwhile: that run counts.
    }
  }

  /**
   * Before loading the table: could the action be due with what is known? Settings never read (a
   * new table, or a state rebuilt from the history after a restart), read before the table's
   * metadata last moved, or read longer than a recheck ago may have changed, so the table is loaded
   * to read them again.
   */
  private boolean mayBeDue(MaintenanceAction action, State state, String version, Set<MaintenanceAction> fired,
      long now) {
    if (state.settingsReadAt() == 0 || now - state.settingsReadAt() >= recheck()
        || (version != null && !version.equals(state.settingsVersion()))) {
      return true;
    }
    return state.enabled() && isDue(action, state, fired, now);
  }

  /**
   * A failed run is retried after retry-interval until max-retries retries in a row failed. Beyond
   * that: with a cron schedule (and no interval of the table's own) only at a fire, even the first
   * time; with an interval at once the first time, then when the interval since the last start passed.
   */
  private boolean isDue(MaintenanceAction action, State state, Set<MaintenanceAction> fired, long now) {
    boolean retry = state.failuresInARow() > 0 && state.failuresInARow() <= config.maxRetries()
        && now - state.lastEndedAt() >= config.retryInterval().toMillis();
    if (retry) {
      return true;
    }
    MaintenanceScheduleConfig server = config.schedule(action.wireName());
    if (state.ownInterval().isEmpty() && server.cron() != null) {
      return fired.contains(action);
    }
    Duration interval = state.ownInterval().orElse(server.interval());
    return state.lastStartedAt() == 0 || now - state.lastStartedAt() >= interval.toMillis();
  }

  /** How often a table's settings are read again (enabled, own interval) when no run is due. */
  private long recheck() {
    return Math.max(config.checkInterval().toMillis(), Duration.ofMinutes(1).toMillis());
  }

  private State fromHistory(TableName table, MaintenanceAction action) {
    List<MaintenanceRun> runs = service.history(table, action, config.maxRetries() + 1);
    if (runs.isEmpty()) {
      return null;
    }
    MaintenanceRun last = runs.get(0);
    int failures = 0;
    for (MaintenanceRun run : runs) {
      if (run.status() != MaintenanceStatus.FAILED) {
        break;
      }
      failures++;
    }
    return new State(last.startedAt(), last.endedAt() == null ? last.startedAt() : last.endedAt(), failures, true,
        Optional.empty(), 0, null);
  }

  @Override
  public void ended(MaintenanceRun run) {
    states.computeIfPresent(new Key(run.table(), run.action()), (k, s) -> s.withEnded(run));
  }
}
