package io.lakeward.ams.optimizer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The launch decision for one group, from what the AMS knows of it; no side effects. In order:
 *
 * <ol>
 *   <li>resident: while the live slots are below min-parallelism, launch the gap with no idle exit;
 *   <li>on demand: when the group has pending work, no registered optimizer and no live application,
 *       launch min(parallelism, max-parallelism - live slots) with the group's idle exit;
 * </ol>
 *
 * never beyond max-parallelism, and not while the group backs off after failed launches.
 */
final class LaunchPolicy {
  /** Consecutive failures beyond this do not lengthen the back-off any more (64 times the base). */
  private static final int MAX_DOUBLINGS = 6;

  private LaunchPolicy() {}

  /** A launch (reason set) or none, with a sentence an admin can read in the group's status. */
  record Decision(LaunchReason reason, int parallelism, long idleExitSeconds, String explanation) {
    static Decision none(String explanation) {
      return new Decision(null, 0, 0, explanation);
    }

    boolean launches() {
      return reason != null;
    }
  }

  static Decision decide(GroupLaunchSettings settings, int liveSlots, int liveApplications, int registeredOptimizers,
      BooleanSupplier pendingWork, Long backoffUntil, long now) {
    int room = settings.maxParallelism() - liveSlots;
    boolean backingOff = backoffUntil != null && now < backoffUntil;
    if (liveSlots < settings.minParallelism() && room > 0) {
      if (backingOff) {
        return Decision.none(backoff(backoffUntil));
      }
      int slots = Math.min(room, settings.minParallelism() - liveSlots);
      return new Decision(LaunchReason.RESIDENT, slots, 0, "launching a resident application of " + slots
          + " slots (min-parallelism " + settings.minParallelism() + ", live slots " + liveSlots + ")");
    }
    if (liveApplications > 0) {
      return Decision.none(liveApplications + " launched application(s) live, " + liveSlots + " slots");
    }
    if (registeredOptimizers > 0) {
      return Decision.none(registeredOptimizers + " optimizer(s) registered in the group");
    }
    if (room <= 0) {
      return Decision.none("at max-parallelism " + settings.maxParallelism());
    }
    if (!pendingWork.getAsBoolean()) {
      return Decision.none("no pending work");
    }
    if (backingOff) {
      return Decision.none(backoff(backoffUntil));
    }
    int slots = Math.min(room, settings.parallelism());
    return new Decision(LaunchReason.ON_DEMAND, slots, settings.idleExitSeconds(),
        "launching an application of " + slots + " slots for pending work");
  }

  /**
   * When the group may launch again after failed launches: the end of its newest failed application
   * plus the back-off, doubled for each further failure in a row; null when its newest ended
   * application did not fail.
   *
   * @param recent the group's applications, newest first
   */
  static Long backoffUntil(List<OptimizerApplication> recent, Duration backoff) {
    int failures = 0;
    Long lastFailure = null;
    for (OptimizerApplication app : recent) {
      if (app.isLive()) {
        continue;
      }
      if (app.status() != ApplicationStatus.FAILED) {
        break;
      }
      failures++;
      if (lastFailure == null) {
        lastFailure = app.endedAt() != null ? app.endedAt() : app.startedAt();
      }
    }
    if (failures == 0) {
      return null;
    }
    return lastFailure + backoff.toMillis() * (1L << Math.min(failures - 1, MAX_DOUBLINGS));
  }

  private static String backoff(long until) {
    return "backing off after failed launches until " + Instant.ofEpochMilli(until);
  }
}
