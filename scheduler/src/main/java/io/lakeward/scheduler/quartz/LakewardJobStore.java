package io.lakeward.scheduler.quartz;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.quartz.JobPersistenceException;
import org.quartz.SchedulerConfigException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.spi.ClassLoadHelper;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.SchedulerSignaler;
import org.quartz.spi.TriggerFiredResult;

/**
 * Quartz's JobStoreTX with two adjustments.
 *
 * <p>Its rows carry a configured scheduler name ({@code org.quartz.jobStore.sharedName}) rather than
 * the name of the Quartz scheduler object. Quartz allows one live scheduler per name in a JVM, yet
 * clustered instances must share the {@code SCHED_NAME} of their rows; decoupling the two lets each
 * instance register under a unique name while all of them work on the same rows.
 *
 * <p>The trigger work of Quartz's scheduler thread runs on a thread of its own. At shutdown Quartz
 * interrupts its scheduler thread, typically while that thread is handing back the trigger it
 * acquired; embedded Derby answers an interrupt during a statement by closing the connection, so the
 * hand-back failed with errors and left the trigger acquired. The interrupt now only reaches the
 * waiting scheduler thread, which sees it once the database work is done.
 */
public final class LakewardJobStore extends JobStoreTX {
  private String sharedName;
  private ExecutorService triggerWork;

  /** Set by Quartz from {@code org.quartz.jobStore.sharedName}, before {@link #setInstanceName}. */
  public void setSharedName(String sharedName) {
    this.sharedName = sharedName;
  }

  public String getSharedName() {
    return sharedName;
  }

  @Override
  public void setInstanceName(String instanceName) {
    super.setInstanceName(sharedName == null ? instanceName : sharedName);
  }

  @Override
  public void initialize(ClassLoadHelper loadHelper, SchedulerSignaler signaler) throws SchedulerConfigException {
    super.initialize(loadHelper, signaler);
    String threadName = getInstanceName() + "_" + getInstanceId() + "_TriggerStore";
    triggerWork = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public List<OperableTrigger> acquireNextTriggers(long noLaterThan, int maxCount, long timeWindow)
      throws JobPersistenceException {
    return uninterruptibly(() -> super.acquireNextTriggers(noLaterThan, maxCount, timeWindow));
  }

  @Override
  public List<TriggerFiredResult> triggersFired(List<OperableTrigger> triggers) throws JobPersistenceException {
    return uninterruptibly(() -> super.triggersFired(triggers));
  }

  @Override
  public void releaseAcquiredTrigger(OperableTrigger trigger) {
    try {
      uninterruptibly(() -> {
        super.releaseAcquiredTrigger(trigger);
        return null;
      });
    } catch (JobPersistenceException e) {
      // Quartz's own release logs and swallows its failures; only a checked surprise gets here.
      getLog().error("Cannot release acquired trigger {}", trigger.getKey(), e);
    }
  }

  @Override
  public void shutdown() {
    super.shutdown();
    if (triggerWork != null) {
      triggerWork.shutdown();
    }
  }

  /** Runs work on the trigger thread and waits for it, deferring an interrupt until it is done. */
  private <T> T uninterruptibly(Callable<T> work) throws JobPersistenceException {
    Future<T> result = triggerWork.submit(work);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof JobPersistenceException persistence) {
            throw persistence;
          }
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new JobPersistenceException("Trigger store work failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
