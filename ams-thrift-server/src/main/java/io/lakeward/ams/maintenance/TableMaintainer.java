package io.lakeward.ams.maintenance;

/**
 * One maintenance action on one table. Implementations are stateless and safe to call from several
 * threads for different tables; the service never runs one action twice at once on a table.
 *
 * <p>A maintainer throws {@link io.lakeward.common.exceptions.InvalidInputException} for a table
 * whose settings are wrong (the run fails with that message and nothing is changed), and any other
 * exception for a failure worth retrying.
 */
public interface TableMaintainer {
  MaintenanceAction action();

  MaintenanceOutcome maintain(MaintenanceContext context);
}
