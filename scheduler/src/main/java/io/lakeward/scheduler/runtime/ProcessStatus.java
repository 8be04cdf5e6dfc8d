package io.lakeward.scheduler.runtime;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one optimizing process stands:
 *
 * <pre>
 * RUNNING -> COMMITTING -> SUCCESS | FAILED
 * RUNNING -> FAILED | CANCELED
 * </pre>
 *
 * COMMITTING survives an AMS restart: the commit is retried, and a commit that already landed is
 * recognised by the process id in the snapshot summary, so a process is never committed twice.
 */
public enum ProcessStatus {
  RUNNING,
  COMMITTING,
  SUCCESS,
  FAILED,
  CANCELED;

  private static final Map<ProcessStatus, Set<ProcessStatus>> NEXT = Map.of(
      RUNNING, EnumSet.of(COMMITTING, FAILED, CANCELED),
      COMMITTING, EnumSet.of(SUCCESS, FAILED),
      SUCCESS, EnumSet.noneOf(ProcessStatus.class),
      FAILED, EnumSet.noneOf(ProcessStatus.class),
      CANCELED, EnumSet.noneOf(ProcessStatus.class));

  public boolean canMoveTo(ProcessStatus next) {
    return NEXT.get(this).contains(next);
  }

  public ProcessStatus moveTo(ProcessStatus next) {
    if (!canMoveTo(next)) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot move a process from " + this + " to " + next);
    }
    return next;
  }

  public boolean isActive() {
    return this == RUNNING || this == COMMITTING;
  }
}
