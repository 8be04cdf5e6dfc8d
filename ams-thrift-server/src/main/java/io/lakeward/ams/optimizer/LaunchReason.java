package io.lakeward.ams.optimizer;

/** Why the AMS launched an optimizer application. */
public enum LaunchReason {
  /** The group's live slots were below its min-parallelism: a resident application that never idles out. */
  RESIDENT,
  /** The group had pending work and nobody to run it: the application exits when idle. */
  ON_DEMAND,
  /** The group's launch-cron fired: the application serves the window and exits when idle. */
  SCHEDULED,
  /** An admin asked for it (POST /api/ams/v1/optimizer-groups/{g}/launch). */
  MANUAL
}
