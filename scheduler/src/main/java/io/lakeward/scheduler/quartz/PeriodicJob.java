package io.lakeward.scheduler.quartz;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;

/** The Quartz job behind every periodic task; Quartz creates it by reflection, hence public. */
@DisallowConcurrentExecution
public final class PeriodicJob extends InterruptibleJob {
  @Override
  void run(LakewardScheduler owner, JobExecutionContext context) {
    owner.runPeriodic(context.getJobDetail().getKey().getName());
  }
}
