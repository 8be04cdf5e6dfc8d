package io.lakeward.ams.maintenance;

/** Who started a maintenance run. */
public enum MaintenanceTrigger {
  /** The schedule found the table due (interval, cron or retry). */
  SCHEDULED,
  /** Somebody asked through the REST API. */
  MANUAL
}
