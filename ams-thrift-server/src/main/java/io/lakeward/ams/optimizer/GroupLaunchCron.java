package io.lakeward.ams.optimizer;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.optimizing.OptimizerGroup;
import io.lakeward.scheduler.quartz.CronHandler;
import io.lakeward.scheduler.quartz.CronTriggerSync;
import io.lakeward.scheduler.quartz.LakewardScheduler;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launch-cron property of optimizer groups as Quartz cron triggers ("group-launch:&lt;group&gt;"):
 * kept in step with the groups on every container check, and launching an application at each fire,
 * so optimizing can run in a window (say nightly, next to tables' full-optimizing crons) as a periodic
 * Spark application rather than an always-on one.
 */
public final class GroupLaunchCron implements CronHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GroupLaunchCron.class);
  public static final String PREFIX = "group-launch:";

  private final CronTriggerSync triggers;
  private final OptimizerLauncher launcher;

  public GroupLaunchCron(LakewardScheduler scheduler, OptimizerLauncher launcher) {
    this.triggers = new CronTriggerSync(scheduler, PREFIX);
    this.launcher = requireNonNull(launcher, "launcher is null");
  }

  /** Schedules, changes or removes each group's trigger; drops the triggers of groups that are gone. */
  public void sync(List<OptimizerGroup> groups) {
    Set<String> keep = new HashSet<>();
    for (OptimizerGroup group : groups) {
      String key = PREFIX + group.name();
      keep.add(key);
      Optional<String> cron;
      try {
        cron = GroupLaunchSettings.of(group.properties()).launchCron();
      } catch (RuntimeException e) {
        continue; // refused when the group was saved; nothing to schedule from a bad value
      }
      if (triggers.sync(key, cron, Map.of("group", group.name())) && cron.isPresent()) {
        LOG.info("Optimizer group {} launches an application at each fire of '{}' (UTC)", group.name(), cron.get());
      }
    }
    triggers.retainOnly(keep);
  }

  @Override
  public void fire(String key, Map<String, String> data, Instant scheduledFireTime) {
    String group = data.get("group");
    launcher.launchScheduled(group).ifPresent(app -> LOG.info(
        "Launched optimizer application {} for group {} on its launch cron (fire time {})", app.applicationId(), group,
        scheduledFireTime));
  }
}
