package io.lakeward.benchmarks.maintenance;

import static io.lakeward.benchmarks.maintenance.ActionMeasurement.required;

import io.lakeward.benchmarks.planning.HeapMeter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Iceberg's side of one action: a Spark driver submitted with spark-submit on the benchmark's SPARK_HOME
 * (master and driver memory from it, Iceberg's Spark runtime on the driver class path) that runs
 * {@code SparkActions.deleteOrphanFiles} or {@code SparkActions.expireSnapshots} on the table with their
 * defaults and the benchmark's cutoffs. Only Spark, Iceberg, Hadoop and JDK classes are used here.
 *
 * <p>Arguments, key=value: {@code action}, {@code pointer}, {@code file-io}, {@code now} (epoch ms),
 * {@code result}, and {@code older-than} (orphans) or {@code expire-older-than} and {@code retain-last}
 * (expiration), epoch milliseconds.
 */
public final class IcebergMaintenanceMain {
  private IcebergMaintenanceMain() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = ActionMeasurement.arguments(args);
    HeapMeter meter = HeapMeter.install();
    SparkSession spark = SparkSession.builder().getOrCreate();
    Table table = TableAccess.open(Path.of(required(options, "pointer")), required(options, "file-io"));
    String action = required(options, "action");
    ActionMeasurement.Action run = switch (action) {
      case MaintenanceSettings.ORPHANS -> () -> deleteOrphanFiles(spark, table,
          Long.parseLong(required(options, "older-than")));
      case MaintenanceSettings.EXPIRE -> () -> expireSnapshots(spark, table,
          Long.parseLong(required(options, "expire-older-than")), Integer.parseInt(required(options, "retain-last")));
      default -> throw new IllegalArgumentException("Invalid action: " + action);
    };
    ActionMeasurement.measure(meter, run, Path.of(required(options, "result")));
    spark.stop();
    System.exit(0);
  }

  private static Map<String, String> deleteOrphanFiles(SparkSession spark, Table table, long olderThan) {
    DeleteOrphanFiles.Result result = SparkActions.get(spark).deleteOrphanFiles(table).olderThan(olderThan).execute();
    long count = 0;
    for (String ignored : result.orphanFileLocations()) {
      count++;
    }
    Map<String, String> counters = new LinkedHashMap<>();
    counters.put("files-deleted", Long.toString(count));
    counters.put("summary", count + " orphan files deleted");
    return counters;
  }

  private static Map<String, String> expireSnapshots(SparkSession spark, Table table, long olderThan, int retainLast) {
    int before = size(table.snapshots());
    ExpireSnapshots.Result result = SparkActions.get(spark).expireSnapshots(table).expireOlderThan(olderThan)
        .retainLast(retainLast).execute();
    table.refresh();
    int after = size(table.snapshots());
    Map<String, String> counters = new LinkedHashMap<>();
    counters.put("snapshots-expired", Integer.toString(before - after));
    counters.put("data-files-deleted", Long.toString(result.deletedDataFilesCount()));
    counters.put("delete-files-deleted", Long.toString(result.deletedPositionDeleteFilesCount()
        + result.deletedEqualityDeleteFilesCount()));
    counters.put("manifests-deleted", Long.toString(result.deletedManifestsCount()));
    counters.put("manifest-lists-deleted", Long.toString(result.deletedManifestListsCount()));
    counters.put("statistics-files-deleted", Long.toString(result.deletedStatisticsFilesCount()));
    counters.put("summary", String.format("%d snapshots expired; deleted %d data files, %d manifests, %d manifest lists",
        before - after, result.deletedDataFilesCount(), result.deletedManifestsCount(),
        result.deletedManifestListsCount()));
    return counters;
  }

  private static int size(Iterable<?> values) {
    int count = 0;
    for (Object ignored : values) {
      count++;
    }
    return count;
  }
}
