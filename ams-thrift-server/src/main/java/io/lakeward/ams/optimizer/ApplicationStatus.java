package io.lakeward.ams.optimizer;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one launched optimizer application stands:
 *
 * <pre>
 * STARTING -> RUNNING              its optimizer registered with the AMS (under the application's resource id)
 * STARTING | RUNNING -> EXITED     its process ended with exit code 0 after registering
 * STARTING | RUNNING -> FAILED     the launch failed, its process ended otherwise, or it missed the start timeout
 * STARTING | RUNNING -> KILLED     an admin killed it, or the AMS stopped it on shutdown
 * STARTING | RUNNING -> LOST       the AMS cannot tell how it ended (restarted while it ran, and it is gone)
 * </pre>
 */
public enum ApplicationStatus {
  STARTING,
  RUNNING,
  EXITED,
  FAILED,
  KILLED,
  LOST;

  private static final Set<ApplicationStatus> ENDED = EnumSet.of(EXITED, FAILED, KILLED, LOST);
  private static final Map<ApplicationStatus, Set<ApplicationStatus>> NEXT = Map.of(
      STARTING, EnumSet.of(RUNNING, EXITED, FAILED, KILLED, LOST),
      RUNNING, EnumSet.copyOf(ENDED),
      EXITED, EnumSet.noneOf(ApplicationStatus.class),
      FAILED, EnumSet.noneOf(ApplicationStatus.class),
      KILLED, EnumSet.noneOf(ApplicationStatus.class),
      LOST, EnumSet.noneOf(ApplicationStatus.class));

  public boolean canMoveTo(ApplicationStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** Returns next; ConflictException when this status cannot move there (an application ends once). */
  public ApplicationStatus moveTo(ApplicationStatus next) {
    if (!canMoveTo(next)) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot move an optimizer application from " + this + " to " + next);
    }
    return next;
  }

  public boolean isLive() {
    return !ENDED.contains(this);
  }

  public static Set<ApplicationStatus> live() {
    return EnumSet.of(STARTING, RUNNING);
  }
}
