package io.lakeward.scheduler.runtime;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.scheduler.OptimizingType;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a table stands in its optimizing cycle. The allowed moves are explicit:
 *
 * <pre>
 * IDLE -> PENDING -> PLANNING -> MINOR_OPTIMIZING | MAJOR_OPTIMIZING | FULL_OPTIMIZING -> COMMITTING -> IDLE
 * </pre>
 *
 * plus the ways back when work is abandoned: PENDING and PLANNING return to IDLE (nothing to do,
 * planning failed), PLANNING returns to PENDING (the table is blocked: try again later), an optimizing status returns to IDLE (cancelled or failed after its
 * retries) and COMMITTING returns to IDLE whether the commit landed or not.
 */
public enum OptimizingStatus {
  IDLE,
  PENDING,
  PLANNING,
  MINOR_OPTIMIZING,
  MAJOR_OPTIMIZING,
  FULL_OPTIMIZING,
  COMMITTING;

  private static final Set<OptimizingStatus> OPTIMIZING = EnumSet.of(MINOR_OPTIMIZING, MAJOR_OPTIMIZING, FULL_OPTIMIZING);
  private static final Map<OptimizingStatus, Set<OptimizingStatus>> NEXT = Map.of(
      IDLE, EnumSet.of(PENDING),
      PENDING, EnumSet.of(PLANNING, IDLE),
      PLANNING, EnumSet.of(MINOR_OPTIMIZING, MAJOR_OPTIMIZING, FULL_OPTIMIZING, IDLE, PENDING),
      MINOR_OPTIMIZING, EnumSet.of(COMMITTING, IDLE),
      MAJOR_OPTIMIZING, EnumSet.of(COMMITTING, IDLE),
      FULL_OPTIMIZING, EnumSet.of(COMMITTING, IDLE),
      COMMITTING, EnumSet.of(IDLE));

  public boolean canMoveTo(OptimizingStatus next) {
    return NEXT.get(this).contains(next);
  }

  /** Returns next, or throws ConflictException naming the refused move. */
  public OptimizingStatus moveTo(OptimizingStatus next) {
    if (!canMoveTo(next)) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot move a table from " + this + " to " + next);
    }
    return next;
  }

  public boolean isOptimizing() {
    return OPTIMIZING.contains(this);
  }

  /** The status a process of this type runs in. */
  public static OptimizingStatus optimizing(OptimizingType type) {
    return switch (type) {
      case MINOR -> MINOR_OPTIMIZING;
      case MAJOR -> MAJOR_OPTIMIZING;
      case FULL -> FULL_OPTIMIZING;
    };
  }
}
