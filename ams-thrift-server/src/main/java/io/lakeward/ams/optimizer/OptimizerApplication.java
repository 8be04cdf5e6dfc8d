package io.lakeward.ams.optimizer;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One optimizer application the AMS launched: the row of optimizer_application. The resource id is
 * what the application's optimizer registers with, which is how the AMS recognises it.
 */
public record OptimizerApplication(
    long applicationId,
    String group,
    String container,
    String resourceId,
    LaunchReason reason,
    int parallelism,
    long idleExitSeconds,
    ApplicationStatus status,
    String host,
    Long pid,
    String sparkAppId,
    String submissionId,
    String logPath,
    long startedAt,
    Long registeredAt,
    Long lastSeenAt,
    Long endedAt,
    Integer exitCode,
    String message) {

  public OptimizerApplication {
    requireNonNull(group, "group is null");
    requireNonNull(container, "container is null");
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(status, "status is null");
    checkArgument(parallelism > 0, "Invalid application parallelism: %s", parallelism);
    checkArgument(idleExitSeconds >= 0, "Invalid application idle exit: %s s", idleExitSeconds);
  }

  /** A new application, STARTING, before its process exists. */
  public static OptimizerApplication starting(long id, String group, String container, LaunchReason reason,
      int parallelism, long idleExitSeconds, String host, String logPath, long now) {
    return new OptimizerApplication(id, group, container, resourceId(id), reason, parallelism, idleExitSeconds,
        ApplicationStatus.STARTING, host, null, null, null, logPath, now, null, null, null, null, null);
  }

  /** The resource id the AMS gives the application of this id; its optimizer registers with it. */
  public static String resourceId(long applicationId) {
    return "lakeward-app-" + applicationId;
  }

  public boolean isLive() {
    return status.isLive();
  }
}
