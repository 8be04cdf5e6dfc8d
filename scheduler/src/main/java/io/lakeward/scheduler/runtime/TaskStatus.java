package io.lakeward.scheduler.runtime;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one optimizing task stands:
 *
 * <pre>
 * PLANNED -> SCHEDULED -> ACKED -> SUCCESS | FAILED | CANCELED
 * </pre>
 *
 * A scheduled or acked task goes back to PLANNED when its optimizer is gone or its ack is late
 * (a new attempt follows); a FAILED task goes back to PLANNED while retries remain. Every move
 * back to PLANNED makes the next attempt's id larger, so results of earlier attempts are stale.
 */
public enum TaskStatus {
  PLANNED,
  SCHEDULED,
  ACKED,
  SUCCESS,
  FAILED,
  CANCELED;

  private static final Map<TaskStatus, Set<TaskStatus>> NEXT = Map.of(
      PLANNED, EnumSet.of(SCHEDULED, CANCELED),
      SCHEDULED, EnumSet.of(ACKED, PLANNED, SUCCESS, FAILED, CANCELED),
      ACKED, EnumSet.of(SUCCESS, FAILED, PLANNED, CANCELED),
      SUCCESS, EnumSet.of(CANCELED),
      FAILED, EnumSet.of(PLANNED, CANCELED),
      CANCELED, EnumSet.noneOf(TaskStatus.class));

  public boolean canMoveTo(TaskStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** Returns next, or throws ConflictException naming the refused move. */
  public TaskStatus moveTo(TaskStatus next) {
    if (!canMoveTo(next)) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot move a task from " + this + " to " + next);
    }
    return next;
  }

  /** Held by an optimizer thread: counts against the table's quota. */
  public boolean isRunning() {
    return this == SCHEDULED || this == ACKED;
  }
}
