package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spark 3.5 with Iceberg's runtime reaches one AMS internal catalog by both paths an engine can use:
 * the Thrift URI (catalog "thrift", this module's shaded jar) and the Iceberg REST protocol (catalog
 * "rest"); both see the same tables. Run once per AMS database backend.
 */
abstract class SparkCatalogPathsTests {
  private static Path dir;
  private static AmsProcess ams;
  private static SparkSession spark;

  /** Starts the AMS on this backend's database. */
  static void start(String databaseYaml) throws Exception {
    dir = Files.createTempDirectory("lakeward-spark-paths");
    ams = AmsProcess.start(dir, databaseYaml);
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    spark = SparkSession.builder().master("local[2]").appName("lakeward-catalog-paths")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog.thrift", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.thrift.catalog-impl", LakewardCatalog.class.getName())
        .config("spark.sql.catalog.thrift.uri", ams.thriftUri("lake"))
        .config("spark.sql.catalog.rest", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.rest.type", "rest")
        .config("spark.sql.catalog.rest.uri", ams.restUri())
        .config("spark.sql.catalog.rest.warehouse", "lake")
        .getOrCreate();
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (ams != null) {
      ams.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"thrift", "rest"})
  void fullTableLifecycleWithMergeOnReadDeletes(String catalog) throws Exception {
    String ns = catalog + ".life_" + catalog;
    String table = ns + ".orders";
    sql("CREATE NAMESPACE %s", ns);
    sql("CREATE TABLE %s (id BIGINT, region STRING, amount DOUBLE) USING iceberg PARTITIONED BY (region) "
        + "TBLPROPERTIES ('format-version'='2', 'write.delete.mode'='merge-on-read', "
        + "'write.update.mode'='merge-on-read', 'write.merge.mode'='merge-on-read')", table);
    sql("ALTER TABLE %s WRITE ORDERED BY id", table);
    org.apache.iceberg.Table iceberg = org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, table);
    assertThat(iceberg.spec().fields()).extracting(f -> f.name()).containsExactly("region");
    assertThat(iceberg.sortOrder().fields()).hasSize(1);

    sql("INSERT INTO %s SELECT id, %s, CAST(id * 1.5 AS DOUBLE) FROM range(0, 300)", table, REGION);
    assertContent(table, "SELECT id, " + REGION + " AS region, CAST(id * 1.5 AS DOUBLE) AS amount FROM range(0, 300)");

    sql("ALTER TABLE %s ADD COLUMN note STRING", table);
    sql("ALTER TABLE %s RENAME COLUMN amount TO total", table);
    sql("ALTER TABLE %s SET TBLPROPERTIES ('team'='etl')", table);
    iceberg.refresh();
    assertThat(iceberg.schema().columns()).extracting(c -> c.name()).containsExactly("id", "region", "total", "note");
    assertThat(iceberg.properties()).containsEntry("team", "etl");

    spark.sql("SELECT id, 'x' AS note FROM range(0, 300, 10) UNION ALL SELECT id, 'new' AS note FROM range(1000, 1010)")
        .createOrReplaceTempView("changes_" + catalog);
    sql("MERGE INTO %s t USING changes_%s s ON t.id = s.id "
        + "WHEN MATCHED AND t.id %% 20 = 0 THEN DELETE "
        + "WHEN MATCHED THEN UPDATE SET t.note = s.note, t.total = t.total + 1 "
        + "WHEN NOT MATCHED THEN INSERT (id, region, total, note) VALUES (s.id, 'eu', 0.0, s.note)", table, catalog);
    String afterMerge = "SELECT id, " + REGION + " AS region, "
        + "CAST(CASE WHEN id % 10 = 0 THEN id * 1.5 + 1 ELSE id * 1.5 END AS DOUBLE) AS total, "
        + "CASE WHEN id % 10 = 0 THEN 'x' ELSE CAST(NULL AS STRING) END AS note FROM range(0, 300) WHERE id % 20 != 0 "
        + "UNION ALL SELECT id, 'eu', CAST(0.0 AS DOUBLE), 'new' FROM range(1000, 1010)";
    assertContent(table, afterMerge);

    sql("DELETE FROM %s WHERE id < 50", table);
    assertContent(table, "SELECT * FROM (" + afterMerge + ") WHERE id >= 50");
    long deleteFiles = spark.sql("SELECT count(*) FROM " + table + ".delete_files").first().getLong(0);
    assertThat(deleteFiles).as("merge-on-read left delete files").isPositive();

    sql("DROP TABLE %s", table);
    assertThat(sql("SHOW TABLES IN %s", ns)).isEmpty();
    assertThatThrownBy(() -> spark.table(table).count()).hasMessageContaining("cannot be found");
    sql("DROP NAMESPACE %s", ns);
  }

  @Test
  void tablesWrittenThroughOnePathAreReadThroughTheOther() {
    sql("CREATE NAMESPACE thrift.shared");
    sql("CREATE TABLE thrift.shared.events (id BIGINT, kind STRING) USING iceberg");
    sql("INSERT INTO thrift.shared.events SELECT id, 'from-thrift' FROM range(0, 100)");
    assertContent("rest.shared.events", "SELECT id, 'from-thrift' AS kind FROM range(0, 100)");

    sql("INSERT INTO rest.shared.events SELECT id, 'from-rest' FROM range(100, 150)");
    spark.sql("REFRESH TABLE thrift.shared.events");
    assertContent("thrift.shared.events",
        "SELECT id, 'from-thrift' AS kind FROM range(0, 100) UNION ALL SELECT id, 'from-rest' FROM range(100, 150)");

    sql("CREATE TABLE rest.shared.made_by_rest (id BIGINT) USING iceberg");
    sql("INSERT INTO rest.shared.made_by_rest SELECT id FROM range(0, 7)");
    assertContent("thrift.shared.made_by_rest", "SELECT id FROM range(0, 7)");
  }

  @Test
  void concurrentAppendsThroughBothPathsAllLand() throws Exception {
    sql("CREATE NAMESPACE thrift.conc");
    sql("CREATE TABLE thrift.conc.t (id BIGINT, writer INT) USING iceberg "
        + "TBLPROPERTIES ('commit.retry.num-retries'='60', 'commit.retry.min-wait-ms'='10', 'commit.retry.max-wait-ms'='500')");
    int writers = 16;
    int appendsPerWriter = 2;
    int rowsPerAppend = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      String path = writer < writers / 2 ? "thrift" : "rest";
      results.add(pool.submit(() -> {
        for (int a = 0; a < appendsPerWriter; a++) {
          long start = ((long) writer * appendsPerWriter + a) * rowsPerAppend;
          spark.sql(String.format("INSERT INTO %s.conc.t SELECT id, %d FROM range(%d, %d)",
              path, writer, start, start + rowsPerAppend)).collectAsList();
        }
        return null;
      }));
    }
    for (Future<?> result : results) {
      result.get(10, TimeUnit.MINUTES);
    }
    pool.shutdown();
    long total = (long) writers * appendsPerWriter * rowsPerAppend;
    spark.sql("REFRESH TABLE thrift.conc.t");
    assertContent("thrift.conc.t", "SELECT id, CAST(id DIV " + (appendsPerWriter * rowsPerAppend) + " AS INT) AS writer "
        + "FROM range(0, " + total + ")");
    org.apache.iceberg.Table table = org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, "rest.conc.t");
    table.refresh();
    int appendSnapshots = 0;
    for (org.apache.iceberg.Snapshot snapshot : table.snapshots()) {
      appendSnapshots += "append".equals(snapshot.operation()) ? 1 : 0;
    }
    assertThat(appendSnapshots).as("one snapshot per successful append").isEqualTo(writers * appendsPerWriter);
  }

  private static final String REGION = "CASE WHEN id % 3 = 0 THEN 'eu' WHEN id % 3 = 1 THEN 'us' ELSE 'ap' END";

  private static void assertContent(String table, String expectedQuery) {
    Row actual = checksum("SELECT * FROM " + table);
    Row expected = checksum(expectedQuery);
    assertThat(actual.getLong(0)).isEqualTo(expected.getLong(0));
    assertThat(actual.get(1)).isEqualTo(expected.get(1));
  }

  /** Row count and an order-independent checksum of every column. */
  private static Row checksum(String query) {
    return spark.sql("SELECT count(*), sum(CAST(hash(*) AS BIGINT)) FROM (" + query + ")").first();
  }

  private static List<Row> sql(String format, Object... args) {
    return spark.sql(String.format(format, args)).collectAsList();
  }
}
