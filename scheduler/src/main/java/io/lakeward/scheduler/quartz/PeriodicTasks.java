package io.lakeward.scheduler.quartz;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMS's recurring work (catalog scans, table evaluation) as Quartz jobs on one scheduler with a
 * bounded thread pool. A run never overlaps the previous run of the same task, a run that throws is
 * logged and the task keeps its schedule, and a run missed while the AMS was busy is run once,
 * not once per missed interval.
 */
public final class PeriodicTasks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasks.class);
  private static final String GROUP = "lakeward-periodic";

  private final Scheduler scheduler;
  private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();

  public PeriodicTasks(String name, int threads) {
    requireNonNull(name, "name is null");
    if (threads <= 0) {
      throw new IllegalArgumentException("Invalid scheduler thread count: " + threads);
    }
    Properties properties = new Properties();
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
    properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
    properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
    try {
      this.scheduler = new StdSchedulerFactory(properties).getScheduler();
      scheduler.getContext().put(PeriodicTasks.class.getName(), this);
      scheduler.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot start the Quartz scheduler " + name, e);
    }
  }

  /** Runs task every interval, the first time after initialDelay. */
  public void schedule(String name, Duration initialDelay, Duration interval, Runnable task) {
    tasks.put(name, requireNonNull(task, "task is null"));
    JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(name, GROUP).usingJobData("task", name).build();
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, GROUP)
        .startAt(new java.util.Date(System.currentTimeMillis() + initialDelay.toMillis()))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
            .withIntervalInMilliseconds(interval.toMillis())
            .repeatForever()
            .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
    try {
      scheduler.scheduleJob(job, trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Cannot schedule " + name, e);
    }
  }

  public boolean isRunning() {
    try {
      return scheduler.isStarted() && !scheduler.isShutdown();
    } catch (SchedulerException e) {
      return false;
    }
  }

  /**
   * Stops scheduling, interrupts running tasks (a scan stuck on an unreachable metastore must not
   * hold up shutdown) and waits for them to return.
   */
  @Override
  public void close() {
    try {
      scheduler.standby();
      for (JobExecutionContext running : scheduler.getCurrentlyExecutingJobs()) {
        scheduler.interrupt(running.getFireInstanceId());
      }
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      LOG.warn("Quartz scheduler did not shut down cleanly: {}", e.toString());
    }
  }

  private void run(String name) {
    Runnable task = tasks.get(name);
    if (task == null) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Periodic task {} failed; it runs again at its next interval: {}", name, e.toString(), e);
    }
  }

  /** The Quartz job behind every periodic task; Quartz creates it by reflection, hence public. */
  @DisallowConcurrentExecution
  public static final class TaskJob implements InterruptableJob {
    private volatile Thread runner;

    @Override
    public void interrupt() {
      Thread thread = runner;
      if (thread != null) {
        thread.interrupt();
      }
    }

    @Override
    public void execute(JobExecutionContext context) {
      runner = Thread.currentThread();
      try {
        PeriodicTasks owner = (PeriodicTasks) context.getScheduler().getContext().get(PeriodicTasks.class.getName());
        owner.run(context.getMergedJobDataMap().getString("task"));
      } catch (SchedulerException e) {
        LOG.warn("Cannot run periodic task: {}", e.toString());
      } finally {
        runner = null;
        // The pool thread is reused; an interrupt meant for this run must not leak into the next.
        Thread.interrupted();
      }
    }
  }
}
