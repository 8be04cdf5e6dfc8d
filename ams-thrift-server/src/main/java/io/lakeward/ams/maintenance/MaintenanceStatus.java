package io.lakeward.ams.maintenance;

/** States of a maintenance run: RUNNING ends exactly once in SUCCESS, FAILED or SKIPPED. */
public enum MaintenanceStatus {
  RUNNING,
  SUCCESS,
  FAILED,
  /** Not run: the table is blocked for maintenance, or is gone. */
  SKIPPED;

  public boolean isEnded() {
    return this != RUNNING;
  }
}
