package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import java.util.Map;

/** One recorded maintenance run of an action on a table (a row of maintenance_process). */
public record MaintenanceRun(
    long runId,
    TableName table,
    MaintenanceAction action,
    MaintenanceTrigger trigger,
    boolean dryRun,
    MaintenanceStatus status,
    long startedAt,
    Long endedAt,
    Map<String, Long> metrics,
    String summary,
    String failReason) {

  public MaintenanceRun {
    requireNonNull(table, "table is null");
    requireNonNull(action, "action is null");
    requireNonNull(trigger, "trigger is null");
    requireNonNull(status, "status is null");
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  public static MaintenanceRun started(long runId, TableName table, MaintenanceAction action, MaintenanceTrigger trigger,
      boolean dryRun, long now) {
    return new MaintenanceRun(runId, table, action, trigger, dryRun, MaintenanceStatus.RUNNING, now, null, Map.of(),
        null, null);
  }
}
