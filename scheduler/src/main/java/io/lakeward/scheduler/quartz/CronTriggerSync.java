package io.lakeward.scheduler.quartz;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the cron triggers of one key prefix in step with a setting (a table property, a group
 * property): schedules, changes or removes a key's trigger only when its expression changed since
 * this process last synced it, and drops the triggers of keys that are gone (also those an earlier
 * run left in the JDBC job store).
 */
public final class CronTriggerSync {
  private final LakewardScheduler scheduler;
  private final String prefix;
  /** What this process last registered per key, so an unchanged setting costs nothing. */
  private final Map<String, String> synced = new ConcurrentHashMap<>();

  public CronTriggerSync(LakewardScheduler scheduler, String prefix) {
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
  }

  /**
   * Schedules (UTC), changes or removes the trigger of key, which must start with the prefix; returns
   * whether anything changed. InvalidInputException for a bad expression.
   */
  public boolean sync(String key, Optional<String> cron, Map<String, String> data) {
    if (!key.startsWith(prefix)) {
      throw new IllegalArgumentException("Cron key " + key + " does not start with " + prefix);
    }
    String expression = cron.orElse("");
    if (expression.equals(synced.get(key))) {
      return false;
    }
    if (cron.isPresent()) {
      scheduler.scheduleCron(key, cron.get(), "UTC", data);
    } else if (scheduler.cronKeys().contains(key)) {
      scheduler.unscheduleCron(key);
    }
    synced.put(key, expression);
    return true;
  }

  /** Removes the triggers of this prefix whose keys are not in keep. */
  public void retainOnly(Set<String> keep) {
    for (String key : scheduler.cronKeys()) {
      if (key.startsWith(prefix) && !keep.contains(key)) {
        scheduler.unscheduleCron(key);
        synced.remove(key);
      }
    }
  }
}
