package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.quartz.CronHandler;
import io.lakeward.scheduler.quartz.LakewardScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

  private final LakewardScheduler scheduler;
  private final TableRuntimeStore runtimes;
  private final Clock clock;
  /** What this process last registered per key, so an unchanged property costs nothing. */
  private final Map<String, String> synced = new ConcurrentHashMap<>();

  public FullOptimizingCron(LakewardScheduler scheduler, TableRuntimeStore runtimes, Clock clock) {
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Schedules, changes or removes the table's trigger; InvalidInputException for a bad expression. */
  public void sync(TableName table, Optional<String> cron) {
    String key = key(table);
    String expression = cron.orElse("");
    if (expression.equals(synced.get(key))) {
      return;
    }
    if (cron.isPresent()) {
      scheduler.scheduleCron(key, cron.get(), "UTC", Map.of("catalog", table.catalog(), "database", table.database(),
          "table", table.table()));
    } else if (scheduler.cronKeys().contains(key)) {
      scheduler.unscheduleCron(key);
    }
    synced.put(key, expression);
  }

  /** Removes the triggers of tables no longer managed. */
  public void retainOnly(Set<TableName> managed) {
    Set<String> keep = managed.stream().map(FullOptimizingCron::key).collect(Collectors.toSet());
    for (String key : scheduler.cronKeys()) {
      if (key.startsWith(PREFIX) && !keep.contains(key)) {
        scheduler.unscheduleCron(key);
        synced.remove(key);
      }
    }
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
