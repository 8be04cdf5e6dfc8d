package io.lakeward.scheduler.quartz;

import java.time.Instant;
import java.util.Map;

/** Receives the fires of the per-key cron triggers of a {@link LakewardScheduler}. */
@FunctionalInterface
public interface CronHandler {
  /**
   * Called on a scheduler thread each time the cron trigger of key fires; fires of one key never
   * overlap. An exception is logged and the trigger keeps its schedule.
   *
   * @param key the key the trigger was scheduled under
   * @param data the data it was scheduled with
   * @param scheduledFireTime when the fire was due; for a fire missed while no scheduler ran, the
   *     time it is made up
   */
  void fire(String key, Map<String, String> data, Instant scheduledFireTime);
}
