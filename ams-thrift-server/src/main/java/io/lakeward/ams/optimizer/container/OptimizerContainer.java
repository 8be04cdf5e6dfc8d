package io.lakeward.ams.optimizer.container;

import io.lakeward.ams.optimizer.OptimizerApplication;
import java.time.Duration;
import java.util.Optional;

/**
 * Who starts the optimizers of a group. A container that {@link #launches()} turns a
 * {@link LaunchRequest} into a running optimizer application whose optimizer registers with the AMS
 * under the request's resource id; {@code external} launches nothing (admins start optimizers by hand).
 *
 * <p>Implementations hold no state about the applications they launched: the AMS keeps the
 * {@link LaunchedApplication} handles and the records, so a container can be stateless and shared.
 */
public interface OptimizerContainer {
  /** The name groups use to choose this container (local, spark, external, ...). */
  String name();

  /** Whether this container launches applications; false for containers that only accept optimizers. */
  boolean launches();

  /**
   * Checks that the container is configured well enough to serve a group, before a group is created
   * or changed to use it.
   *
   * @throws io.lakeward.common.exceptions.InvalidInputException naming the missing setting
   */
  default void checkUsable() {}

  /**
   * Starts an application. Returns once its process runs; whether the optimizer comes up is seen
   * later (it registers, or its process ends).
   *
   * @throws LaunchException when nothing could be started (missing jar, missing Spark installation,
   *     a command that cannot be executed); its message says what to fix
   */
  LaunchedApplication launch(LaunchRequest request) throws LaunchException;

  /**
   * Stops an application: SIGTERM to its process tree, SIGKILL after the grace period, plus whatever
   * the cluster needs (e.g. {@code spark-submit --kill} for a driver in a standalone cluster). Blocks
   * up to about the grace period. Best effort: failures are logged, never thrown.
   *
   * @param handle the application's process, or null when the AMS has none (re-attached after a restart)
   */
  default void stop(OptimizerApplication application, LaunchedApplication handle, Duration grace) {
    if (handle != null) {
      handle.terminate(grace);
    }
  }

  /**
   * Whether the applications of this container stop when the AMS stops: true when their driver is a
   * child process of the AMS (local, spark in client mode), false when it runs in a cluster.
   */
  boolean stopsWithAms();

  /** A submission id the cluster gave the application (driver id, YARN application id), learnt after launch. */
  default Optional<String> submissionId(OptimizerApplication application) {
    return Optional.empty();
  }
}
