package io.lakeward.catalog;

import static io.lakeward.catalog.OptimizingHarness.summaryLong;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.SparkSession;

/**
 * A table written the way streaming and CDC writers leave one: many small appends, upserts that
 * replace keys with equality deletes, and merge-on-read DELETE and MERGE statements that leave
 * position deletes. It knows the rows the table must hold, so a test can check the content after
 * optimizing rewrote everything. Columns: (id INT, name STRING, version INT), sorted by id.
 */
final class StreamingWorkload {
  private final OptimizingHarness harness;
  private final SparkSession spark;
  private final String database;
  private final String name;
  private final Map<Integer, Integer> latest = new TreeMap<>();
  private UpsertWriter writer;
  private int nextId;

  private StreamingWorkload(OptimizingHarness harness, SparkSession spark, String database, String name) {
    this.harness = harness;
    this.spark = spark;
    this.database = database;
    this.name = name;
  }

  /** Creates the table in the lake catalog, optimized by the given group. */
  static StreamingWorkload create(OptimizingHarness harness, SparkSession spark, String database, String name, String group)
      throws Exception {
    StreamingWorkload workload = new StreamingWorkload(harness, spark, database, name);
    harness.sql("CREATE TABLE %s (id INT, name STRING, version INT) USING iceberg TBLPROPERTIES ('format-version'='2', "
        + "'write.delete.mode'='merge-on-read', 'write.update.mode'='merge-on-read', 'write.merge.mode'='merge-on-read', "
        + "'self-optimizing.group'='%s', 'self-optimizing.min-plan-interval'='1000')", workload.qualified(), group);
    harness.sql("ALTER TABLE %s WRITE ORDERED BY id", workload.qualified());
    workload.writer = new UpsertWriter(harness.table(database + "." + name));
    return workload;
  }

  String qualified() {
    return "lake." + database + "." + name;
  }

  /** Commits {@code count} appends of {@code rows} new keys each (ids in a scattered order, so files overlap). */
  void appends(int count, int rows) throws Exception {
    for (int i = 0; i < count; i++) {
      Map<Integer, Integer> batch = new HashMap<>();
      for (int r = 0; r < rows; r++) {
        int id = (int) ((nextId++ * 7919L) % 1_000_003);
        batch.put(id, 1);
      }
      writer.append(batch);
      latest.putAll(batch);
    }
  }

  /** Commits {@code rounds} upserts, each replacing about a fifth of the keys with a new version. */
  void upserts(int rounds) throws Exception {
    List<Integer> keys = List.copyOf(latest.keySet());
    for (int round = 1; round <= rounds; round++) {
      Map<Integer, Integer> batch = new HashMap<>();
      for (int i = round % 5; i < keys.size(); i += 5) {
        batch.put(keys.get(i), latest.get(keys.get(i)) + 1);
      }
      writer.upsert(batch);
      latest.putAll(batch);
    }
  }

  /** A merge-on-read DELETE and MERGE through Spark: position deletes. */
  void rowLevelStatements() throws Exception {
    harness.dml("DELETE FROM %s WHERE id %% 10 = 3", qualified());
    latest.keySet().removeIf(id -> id % 10 == 3);
    harness.dml("MERGE INTO %s t USING (SELECT id FROM %s WHERE id %% 7 = 0) s ON t.id = s.id "
        + "WHEN MATCHED THEN UPDATE SET t.version = 100, t.name = concat('n', t.id, 'v100')", qualified(), qualified());
    latest.replaceAll((id, version) -> id % 7 == 0 ? 100 : version);
  }

  long deleteFiles() throws Exception {
    return summaryLong(harness.table(database + "." + name), "total-delete-files");
  }

  long dataFiles() throws Exception {
    return summaryLong(harness.table(database + "." + name), "total-data-files");
  }

  /** Every row is the latest version of its key, nothing else, and every data file is sorted by id. */
  void assertOptimizedContent() throws Exception {
    String expected = latest.entrySet().stream()
        .map(e -> "(" + e.getKey() + ", '" + UpsertWriter.name(e.getKey(), e.getValue()) + "', " + e.getValue() + ")")
        .collect(Collectors.joining(", "));
    harness.assertContent(database + "." + name, "SELECT * FROM VALUES " + expected + " AS v(id, name, version)");
    assertThat(spark.sql("SELECT id FROM " + qualified() + " GROUP BY id HAVING count(*) > 1").collectAsList())
        .as("every key holds one version").isEmpty();
    Table table = harness.table(database + "." + name);
    try (CloseableIterable<FileScanTask> files = table.newScan().planFiles()) {
      for (FileScanTask file : files) {
        assertThat(file.deletes()).as("deletes of " + file.file().location()).isEmpty();
        List<Integer> ids = spark.read().parquet(file.file().location()).select("id").collectAsList()
            .stream().map(r -> r.getInt(0)).toList();
        assertThat(ids).as("rows of " + file.file().location()).isSorted();
      }
    }
  }

  int rows() {
    return latest.size();
  }
}
