package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.quartz.CronHandler;
import io.lakeward.scheduler.quartz.CronTriggerSync;
import io.lakeward.scheduler.quartz.LakewardScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-table cron triggers of full optimizing (the self-optimizing.full.trigger.cron property) as
 * Quartz cron triggers: kept in step with the property whenever a table is evaluated, and firing a
 * request for FULL optimizing. On the JDBC job store the triggers survive restarts, and a fire missed
 * while the AMS was down runs once at start-up.
 */
public final class FullOptimizingCron implements CronHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FullOptimizingCron.class);
  private static final String PREFIX = "full:";

  private final CronTriggerSync triggers;
  private final TableRuntimeStore runtimes;
  private final Clock clock;

  public FullOptimizingCron(LakewardScheduler scheduler, TableRuntimeStore runtimes, Clock clock) {
    this.triggers = new CronTriggerSync(scheduler, PREFIX);
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Schedules, changes or removes the table's trigger; InvalidInputException for a bad expression. */
  public void sync(TableName table, Optional<String> cron) {
    triggers.sync(key(table), cron, Map.of("catalog", table.catalog(), "database", table.database(),
        "table", table.table()));
  }

  /** Removes the triggers of tables no longer managed. */
  public void retainOnly(Set<TableName> managed) {
    triggers.retainOnly(managed.stream().map(FullOptimizingCron::key).collect(Collectors.toSet()));
  }

  @Override
  public void fire(String key, Map<String, String> data, Instant scheduledFireTime) {
    TableName table = new TableName(data.get("catalog"), data.get("database"), data.get("table"));
    if (runtimes.request(table, OptimizingType.FULL, clock.millis())) {
      LOG.info("Full optimizing of {} requested by its cron trigger (fire time {})", table, scheduledFireTime);
    }
  }

  static String key(TableName table) {
    return PREFIX + UUID.nameUUIDFromBytes(table.toString().getBytes(StandardCharsets.UTF_8));
  }
}
