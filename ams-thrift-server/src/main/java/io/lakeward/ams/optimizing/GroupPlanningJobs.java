package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import io.lakeward.scheduler.quartz.LakewardScheduler;
import java.time.Duration;

/**
 * The planning of each optimizer group as a Quartz job of its own ("optimizing-planning:<group>"),
 * scheduled when the group appears and removed with it, so a slow group never delays another.
 */
public final class GroupPlanningJobs implements OptimizerGroups.Listener {
  static final String PREFIX = "optimizing-planning:";

  private final LakewardScheduler scheduler;
  private final ProcessPlanner planner;
  private final Duration interval;

  public GroupPlanningJobs(LakewardScheduler scheduler, ProcessPlanner planner, Duration interval) {
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.planner = requireNonNull(planner, "planner is null");
    this.interval = requireNonNull(interval, "interval is null");
  }

  @Override
  public void created(String group) {
    scheduler.schedule(PREFIX + group, interval, interval, () -> planner.planGroup(group));
  }

  @Override
  public void removed(String group) {
    scheduler.unschedule(PREFIX + group);
  }
}
