package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import java.time.Clock;
import java.util.Set;
import org.apache.iceberg.Table;

/**
 * What a maintainer gets for one run.
 *
 * @param name the table's name in the AMS
 * @param table the table, loaded at the start of the run
 * @param properties the table's effective maintenance settings (table properties over the catalog's
 *     table.* defaults over config.yaml's table-defaults)
 * @param protectedSnapshotIds snapshots that must survive: those running optimizing processes of the
 *     table were planned from
 * @param dryRun report what would change, change nothing
 * @param clock the AMS clock (tests move it)
 */
public record MaintenanceContext(
    TableName name,
    Table table,
    MaintenanceProperties properties,
    Set<Long> protectedSnapshotIds,
    boolean dryRun,
    Clock clock) {

  public MaintenanceContext {
    requireNonNull(name, "name is null");
    requireNonNull(table, "table is null");
    requireNonNull(properties, "properties is null");
    protectedSnapshotIds = Set.copyOf(protectedSnapshotIds);
    requireNonNull(clock, "clock is null");
  }

  public long now() {
    return clock.millis();
  }
}
