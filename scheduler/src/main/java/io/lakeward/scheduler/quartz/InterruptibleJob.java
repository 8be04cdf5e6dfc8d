package io.lakeward.scheduler.quartz;

import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Quartz job that hands its fire to the {@link LakewardScheduler} that runs it, and that
 * {@link LakewardScheduler#close()} can interrupt (a scan stuck on an unreachable metastore must not
 * hold up shutdown).
 */
abstract class InterruptibleJob implements InterruptableJob {
  private static final Logger LOG = LoggerFactory.getLogger(InterruptibleJob.class);

  private volatile Thread runner;

  @Override
  public final void interrupt() {
    Thread thread = runner;
    if (thread != null) {
      thread.interrupt();
    }
  }

  @Override
  public final void execute(JobExecutionContext context) {
    runner = Thread.currentThread();
    try {
      LakewardScheduler owner = (LakewardScheduler) context.getScheduler().getContext()
          .get(LakewardScheduler.CONTEXT_KEY);
      run(owner, context);
    } catch (SchedulerException e) {
      LOG.warn("Cannot run job {}: {}", context.getJobDetail().getKey(), e.toString());
    } finally {
      runner = null;
      // The pool thread is reused; an interrupt meant for this run must not leak into the next.
      Thread.interrupted();
    }
  }

  abstract void run(LakewardScheduler owner, JobExecutionContext context);
}
