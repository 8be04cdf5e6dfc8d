package io.lakeward.optimizer.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark plugin the optimizer installs on its executors: every Spark task of a rewrite (a job group
 * starting with {@code lakeward-}) logs where it ran and how it ended, so an executor's log shows
 * which optimizing task it worked on. For fault tests, {@value #FAULT_DELAY_PROPERTY} (a system
 * property of the executor JVM) holds each such Spark task before it starts, so a test can kill the
 * executor or the driver mid-task; a cancelled job interrupts the wait.
 */
public final class RewriteTaskHooks implements SparkPlugin {
  static final String FAULT_DELAY_PROPERTY = "lakeward.fault.executor-task-delay-ms";
  static final String JOB_GROUP_PREFIX = "lakeward-";

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new Hooks();
  }

  /** Adds this plugin to a comma-separated {@code spark.plugins} value. */
  static String withPlugin(String plugins) {
    String name = RewriteTaskHooks.class.getName();
    if (plugins == null || plugins.isBlank()) {
      return name;
    }
    return plugins.contains(name) ? plugins : plugins + "," + name;
  }

  private static final class Hooks implements ExecutorPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(RewriteTaskHooks.class);
    /** The rewrite task a Spark task belongs to; Spark calls the hooks on the task's own thread. */
    private final ThreadLocal<String> running = new ThreadLocal<>();

    @Override
    public void onTaskStart() {
      TaskContext context = TaskContext.get();
      String group = context == null ? null : context.getLocalProperty("spark.jobGroup.id");
      if (group == null || !group.startsWith(JOB_GROUP_PREFIX)) {
        running.remove();
        return;
      }
      running.set(group + " (stage " + context.stageId() + ", partition " + context.partitionId()
          + ", attempt " + context.attemptNumber() + ")");
      long delay = Long.getLong(FAULT_DELAY_PROPERTY, 0L);
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while held by " + FAULT_DELAY_PROPERTY, e);
        }
      }
    }

    @Override
    public void onTaskSucceeded() {
      String task = running.get();
      if (task != null) {
        LOG.info("Lakeward rewrite {} finished on executor pid {}", task, ProcessHandle.current().pid());
        running.remove();
      }
    }

    @Override
    public void onTaskFailed(TaskFailedReason reason) {
      String task = running.get();
      if (task != null) {
        LOG.warn("Lakeward rewrite {} failed on executor pid {}: {}", task, ProcessHandle.current().pid(),
            reason.toErrorString());
        running.remove();
      }
    }
  }
}
