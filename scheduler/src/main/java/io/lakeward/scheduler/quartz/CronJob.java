package io.lakeward.scheduler.quartz;

import java.util.HashMap;
import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job behind the cron trigger of one key; Quartz creates it by reflection, hence public.
 * Each key has its own job, so fires of one key never overlap while different keys run side by side.
 */
@DisallowConcurrentExecution
public final class CronJob extends InterruptibleJob {
  @Override
  void run(LakewardScheduler owner, JobExecutionContext context) {
    Map<String, String> data = new HashMap<>();
    context.getJobDetail().getJobDataMap().forEach((name, value) -> data.put(name, String.valueOf(value)));
    owner.fireCron(context.getJobDetail().getKey().getName(), data, context.getScheduledFireTime().toInstant());
  }
}
