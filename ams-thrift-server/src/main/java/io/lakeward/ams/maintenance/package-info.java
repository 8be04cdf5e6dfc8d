/**
 * Table maintenance: snapshot expiration, orphan file cleaning, dangling delete cleaning, data
 * expiration and automatic tags. Each action is a {@link io.lakeward.ams.maintenance.TableMaintainer};
 * {@link io.lakeward.ams.maintenance.MaintenanceService} owns a run's state (RUNNING to SUCCESS,
 * FAILED or SKIPPED) and its record, {@link io.lakeward.ams.maintenance.MaintenanceSchedule} decides
 * when each table is due.
 */
package io.lakeward.ams.maintenance;
