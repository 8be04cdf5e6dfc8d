package io.lakeward.benchmarks.maintenance;

import static io.lakeward.benchmarks.maintenance.ActionMeasurement.required;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.maintenance.MaintenanceContext;
import io.lakeward.ams.maintenance.MaintenanceOutcome;
import io.lakeward.ams.maintenance.MaintenanceProperties;
import io.lakeward.ams.maintenance.OrphanFileCleaning;
import io.lakeward.ams.maintenance.SnapshotExpiration;
import io.lakeward.ams.maintenance.TableMaintainer;
import io.lakeward.benchmarks.planning.HeapMeter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;

/**
 * Lakeward's side of one action, in a JVM of its own with the AMS's heap bound (-Xmx512m by default,
 * {@code -XX:+ExitOnOutOfMemoryError}): the AMS's maintainer runs on the table as the maintenance service
 * would run it (a loaded table, the table's maintenance properties, no protected snapshots, not a dry run),
 * with the clock fixed at the benchmark's "now" so both contestants use the same cutoffs.
 *
 * <p>Arguments, key=value: {@code action} (clean-orphan-files or expire-snapshots), {@code pointer},
 * {@code file-io}, {@code now} (epoch milliseconds), {@code result}, and {@code prop.<key>} for each
 * maintenance property.
 */
public final class LakewardMaintenanceMain {
  private LakewardMaintenanceMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = ActionMeasurement.arguments(args);
    HeapMeter meter = HeapMeter.install();
    Table table = TableAccess.open(Path.of(required(options, "pointer")), required(options, "file-io"));
    Map<String, String> properties = new LinkedHashMap<>();
    options.forEach((key, value) -> {
      if (key.startsWith("prop.")) {
        properties.put(key.substring("prop.".length()), value);
      }
    });
    TableMaintainer maintainer = maintainer(required(options, "action"));
    Instant now = Instant.ofEpochMilli(Long.parseLong(required(options, "now")));
    MaintenanceContext context = new MaintenanceContext(new TableName("bench", "db", HistoryGenerator.TABLE), table,
        MaintenanceProperties.of(properties), Set.of(), false, Clock.fixed(now, ZoneOffset.UTC));
    System.out.printf("  [lakeward] %s on %s with %s%n", maintainer.action(), table.location(), properties);
    ActionMeasurement.measure(meter, () -> {
      MaintenanceOutcome outcome = maintainer.maintain(context);
      Map<String, String> counters = new LinkedHashMap<>();
      outcome.metrics().forEach((k, v) -> counters.put(k, Long.toString(v)));
      counters.put("summary", outcome.summary());
      System.out.printf("  [lakeward] %s: %s%n", maintainer.action(), outcome.summary());
      return counters;
    }, Path.of(required(options, "result")));
    // Iceberg's worker pools are daemons, but say so plainly.
    System.exit(0);
  }

  private static TableMaintainer maintainer(String action) {
    return switch (action) {
      case MaintenanceSettings.ORPHANS -> new OrphanFileCleaning();
      case MaintenanceSettings.EXPIRE -> new SnapshotExpiration();
      default -> throw new IllegalArgumentException("Invalid action: " + action);
    };
  }
}
