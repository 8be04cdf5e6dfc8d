package io.lakeward.ams.optimizer.container;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The AMS's handle on the process of a launched application. */
public interface LaunchedApplication {
  /** The process id on the AMS host. */
  long pid();

  boolean isAlive();

  /**
   * The exit code once the process ended; empty while it runs, and for a process the AMS did not start
   * itself (re-attached after a restart), whose exit code it cannot learn.
   */
  OptionalInt exitCode();

  /**
   * SIGTERM to the process and its descendants; SIGKILL to whatever is left after grace. Blocks until
   * the process ended or the grace (plus a little for SIGKILL) passed.
   */
  void terminate(Duration grace);

  /** The process, when it runs the command line of this resource id (so a reused pid is never taken for it). */
  static Optional<LaunchedApplication> adopt(long pid, String resourceId) {
    return ProcessApplication.adopt(pid, resourceId);
  }
}
