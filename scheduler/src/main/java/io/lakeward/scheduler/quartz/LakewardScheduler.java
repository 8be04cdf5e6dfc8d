package io.lakeward.scheduler.quartz;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.Preconditions;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMS's Quartz scheduler: periodic tasks (catalog scans, table evaluation, housekeeping) and
 * per-key cron triggers (such as a table's nightly full optimizing), on a bounded thread pool, with
 * jobs and triggers in memory or in the AMS database (see {@link SchedulerSettings}).
 *
 * <p>A run never overlaps the previous run of the same task or key; a run that throws is logged and
 * keeps its schedule; a run missed while the AMS was busy or down is made up once, not once per
 * missed period. On a clustered JDBC store each fire runs on exactly one of the processes that share
 * the database.
 *
 * <p>Lifecycle: construct, {@link #schedule} the periodic tasks and register the {@link #onCron cron
 * handler}, then {@link #start()}. Nothing fires before start, so a persisted cron trigger that is
 * due at start-up finds its handler.
 */
public final class LakewardScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LakewardScheduler.class);
  static final String CONTEXT_KEY = LakewardScheduler.class.getName();
  static final String PERIODIC_GROUP = "lakeward-periodic";
  static final String CRON_GROUP = "lakeward-cron";
  /** Trigger and job names are VARCHAR(190) in the MySQL schema. */
  static final int MAX_KEY_LENGTH = 190;
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final SchedulerSettings settings;
  private final Scheduler scheduler;
  private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();
  private final AtomicReference<CronHandler> cronHandler = new AtomicReference<>();

  public LakewardScheduler(SchedulerSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    // Quartz keeps one live scheduler per name in a JVM; the stored name is settings.name() (see LakewardJobStore).
    String instanceName = settings.name() + "-" + INSTANCES.incrementAndGet();
    String providerName = instanceName + "-connections";
    DataSourceConnectionProvider connections = null;
    if (settings.store() == SchedulerSettings.Store.JDBC) {
      // Quartz's JDBC store finds its connections by name in its JVM-wide connection manager.
      connections = new DataSourceConnectionProvider(settings.dataSource());
      DBConnectionManager.getInstance().addConnectionProvider(providerName, connections);
    }
    try {
      this.scheduler = new StdSchedulerFactory(QuartzProperties.of(settings, instanceName, providerName)).getScheduler();
      scheduler.getContext().put(CONTEXT_KEY, this);
    } catch (SchedulerException e) {
      if (connections != null) {
        connections.shutdown();
      }
      throw new IllegalStateException("Cannot create the Quartz scheduler " + settings.name() + ": " + e.getMessage(), e);
    }
  }

  public SchedulerSettings settings() {
    return settings;
  }

  /** Starts firing, including fires that were missed while no scheduler ran. */
  public void start() {
    try {
      forgetUnknownPeriodicTasks();
      scheduler.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot start the Quartz scheduler " + settings.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs task every interval, the first time after initialDelay. Replaces a task of the same name,
   * including one a previous run of the AMS left in the JDBC store: the schedule restarts from now.
   */
  public void schedule(String name, Duration initialDelay, Duration interval, Runnable task) {
    requireNonNull(name, "name is null");
    requireNonNull(task, "task is null");
    if (interval.toMillis() <= 0 || initialDelay.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid schedule of periodic task " + name + ": every " + interval + " after " + initialDelay);
    }
    tasks.put(name, task);
    JobDetail job = JobBuilder.newJob(PeriodicJob.class).withIdentity(name, PERIODIC_GROUP).build();
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, PERIODIC_GROUP).forJob(job)
        .startAt(new Date(System.currentTimeMillis() + initialDelay.toMillis()))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
            .withIntervalInMilliseconds(interval.toMillis())
            .repeatForever()
            // A run missed (pool busy, AMS down) is made up once now; the interval counts from there.
            .withMisfireHandlingInstructionNowWithExistingCount())
        .build();
    try {
      scheduler.scheduleJob(job, Set.of(trigger), true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot schedule periodic task " + name + ": " + e.getMessage(), e);
    }
  }

  /** Stops and forgets a periodic task; nothing happens for a name that is not scheduled. */
  public void unschedule(String name) {
    tasks.remove(name);
    try {
      scheduler.deleteJob(JobKey.jobKey(name, PERIODIC_GROUP));
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot unschedule periodic task " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Registers the one handler of all cron fires. Register it before {@link #start()}: a fire that
   * finds no handler is logged and skipped.
   *
   * @throws IllegalStateException when a handler is already registered
   */
  public void onCron(CronHandler handler) {
    requireNonNull(handler, "handler is null");
    if (!cronHandler.compareAndSet(null, handler)) {
      throw new IllegalStateException("Cannot register a second cron handler on scheduler " + settings.name());
    }
  }

  /**
   * Fires the cron handler for key on cronExpression (Quartz syntax, seconds first: {@code 0 0 2 * * ?}
   * is 02:00 every night) in timeZoneId (null for UTC), with data.
   *
   * <p>Scheduling a key again with the same expression and time zone keeps its trigger as it is
   * (only the data is updated), so a fire missed while the AMS was down is still made up once at
   * start-up; another expression replaces the trigger. A missed fire is made up once, right away.
   *
   * @throws InvalidInputException when the key, expression or time zone is invalid
   */
  public void scheduleCron(String key, String cronExpression, String timeZoneId, Map<String, String> data) {
    checkKey(key);
    requireNonNull(data, "data is null");
    // The QRTZ_CRON_TRIGGERS column holds 120 characters.
    Preconditions.checkArgument(cronExpression != null && cronExpression.length() <= 120,
        "Invalid cron expression for %s: '%s'", key, cronExpression);
    TimeZone timeZone = timeZone(timeZoneId);
    CronExpression expression;
    try {
      expression = new CronExpression(cronExpression);
    } catch (ParseException | RuntimeException e) {
      // Quartz's parser answers some malformed expressions with runtime exceptions rather than ParseException.
      throw InvalidInputException.of("Invalid cron expression for %s: '%s' (%s)", key, cronExpression, e.getMessage());
    }
    expression.setTimeZone(timeZone);
    JobDetail job = JobBuilder.newJob(CronJob.class).withIdentity(key, CRON_GROUP)
        .usingJobData(new JobDataMap(Map.copyOf(data))).build();
    TriggerKey triggerKey = TriggerKey.triggerKey(key, CRON_GROUP);
    try {
      Trigger existing = scheduler.getTrigger(triggerKey);
      if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(expression.getCronExpression())
          && cron.getTimeZone().getID().equals(timeZone.getID())) {
        // Keep the trigger and its next fire time; only the data may have changed.
        scheduler.addJob(job, true, true);
        if (scheduler.getTriggerState(triggerKey) == Trigger.TriggerState.ERROR) {
          // Quartz parks a trigger whose job could not be loaded in ERROR, where it never fires again.
          LOG.warn("Cron trigger {} was in the error state; it fires again", key);
          scheduler.resetTriggerFromErrorState(triggerKey);
        }
        return;
      }
      Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(job)
          .withSchedule(CronScheduleBuilder.cronSchedule(expression).withMisfireHandlingInstructionFireAndProceed())
          .build();
      if (trigger.getFireTimeAfter(new Date()) == null) {
        throw InvalidInputException.of("Invalid cron expression for %s: '%s' never fires again", key, cronExpression);
      }
      scheduler.scheduleJob(job, Set.of(trigger), true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot schedule cron trigger " + key + ": " + e.getMessage(), e);
    }
  }

  /** Removes the cron trigger of key; a key without one is ignored. A fire already running finishes. */
  public void unscheduleCron(String key) {
    checkKey(key);
    try {
      scheduler.deleteJob(JobKey.jobKey(key, CRON_GROUP));
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot unschedule cron trigger " + key + ": " + e.getMessage(), e);
    }
  }

  /** The keys that have a cron trigger, including those a previous run left in the JDBC store. */
  public Set<String> cronKeys() {
    try {
      Set<String> keys = new TreeSet<>();
      scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(CRON_GROUP)).forEach(k -> keys.add(k.getName()));
      return keys;
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot list cron triggers: " + e.getMessage(), e);
    }
  }

  /** When the cron trigger of key fires next; empty when key has none. */
  public Optional<Instant> nextCronFireTime(String key) {
    checkKey(key);
    try {
      Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(key, CRON_GROUP));
      return Optional.ofNullable(trigger == null ? null : trigger.getNextFireTime()).map(Date::toInstant);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot read cron trigger " + key + ": " + e.getMessage(), e);
    }
  }

  public boolean isRunning() {
    try {
      return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
    } catch (SchedulerException e) {
      return false;
    }
  }

  /**
   * Stops scheduling, interrupts running tasks (a scan stuck on an unreachable metastore must not
   * hold up shutdown) and waits for them to return. Jobs and triggers in the JDBC store stay there for
   * the next start.
   */
  @Override
  public void close() {
    try {
      if (scheduler.isShutdown()) {
        return;
      }
      scheduler.standby();
      for (JobExecutionContext running : scheduler.getCurrentlyExecutingJobs()) {
        scheduler.interrupt(running.getFireInstanceId());
      }
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      LOG.warn("Quartz scheduler {} did not shut down cleanly: {}", settings.name(), e.toString());
    }
  }

  void runPeriodic(String name) {
    Runnable task = tasks.get(name);
    if (task == null) {
      // Another process of the cluster scheduled a task this one does not have (a different version).
      LOG.debug("Periodic task {} is not known to this scheduler; skipped", name);
      return;
    }
    try {
      task.run();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Periodic task {} failed; it runs again at its next interval: {}", name, e.toString(), e);
    }
  }

  void fireCron(String key, Map<String, String> data, Instant scheduledFireTime) {
    CronHandler handler = cronHandler.get();
    if (handler == null) {
      LOG.warn("Cron trigger {} fired before a cron handler was registered; this fire is skipped", key);
      return;
    }
    try {
      handler.fire(key, Map.copyOf(data), scheduledFireTime);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Cron job {} failed; it fires again at its next time: {}", key, e.toString(), e);
    }
  }

  /**
   * Periodic tasks live in the JDBC store across restarts; one this version no longer schedules would
   * fire for nothing forever, so it is removed when the scheduler starts.
   */
  private void forgetUnknownPeriodicTasks() throws SchedulerException {
    for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(PERIODIC_GROUP))) {
      if (!tasks.containsKey(job.getName())) {
        LOG.info("Removing periodic task {} that this version does not schedule", job.getName());
        scheduler.deleteJob(job);
      }
    }
  }

  private static void checkKey(String key) {
    Preconditions.checkArgument(key != null && !key.isBlank() && key.length() <= MAX_KEY_LENGTH,
        "Invalid cron key: '%s' (1 to %s characters)", key, MAX_KEY_LENGTH);
  }

  private static TimeZone timeZone(String timeZoneId) {
    if (timeZoneId == null) {
      return TimeZone.getTimeZone("UTC");
    }
    try {
      return TimeZone.getTimeZone(ZoneId.of(timeZoneId));
    } catch (DateTimeException e) {
      throw InvalidInputException.of("Invalid time zone: '%s'", timeZoneId);
    }
  }

  @Override
  public String toString() {
    return "LakewardScheduler[" + settings.name() + ", " + settings.store() + (settings.clustered() ? ", clustered" : "")
        + "]";
  }
}
