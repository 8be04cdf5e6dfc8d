package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the end-to-end optimizing tests share: the Spark session, REST reads of the AMS, polling, checksums. */
final class OptimizingHarness {
  static final String PROCESS_ID_PROPERTY = "lakeward.optimizing.process-id";
  /**
   * Short cadences so the loop turns in seconds rather than minutes; groups are external, since these
   * tests start their optimizers themselves.
   */
  static final String FAST_AMS_YAML = "  optimizer:\n    heartbeat-interval: 1s\n    heartbeat-timeout: 6s\n"
      + "    default-container: external\n"
      + "    task-ack-timeout: 20s\n  self-optimizing:\n    evaluation-interval: 1s\n    planning-interval: 1s\n"
      + "    supervision-interval: 1s\n  catalog:\n    scan-interval: 1s\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final AmsProcess ams;

  OptimizingHarness(SparkSession spark, AmsProcess ams) {
    this.spark = spark;
    this.ams = ams;
  }

  static SparkSession spark(AmsProcess ams) {
    return SparkSession.builder().master("local[2]").appName("lakeward-self-optimizing")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.lake.catalog-impl", LakewardCatalog.class.getName())
        .config("spark.sql.catalog.lake.uri", ams.thriftUri("lake"))
        .config("spark.sql.catalog.lake.cache-enabled", "false")
        .getOrCreate();
  }

  void sql(String format, Object... args) {
    spark.sql(String.format(format, args)).collectAsList();
  }

  /**
   * Runs a row-level write (MERGE, DELETE, UPDATE) as a writer sharing a table with optimizing must:
   * when optimizing rewrote the files it read, Iceberg refuses the commit and the writer runs it again.
   */
  void dml(String format, Object... args) {
    for (int attempt = 1; ; attempt++) {
      try {
        sql(format, args);
        return;
      } catch (RuntimeException e) {
        if (attempt >= 10 || !String.valueOf(e.getMessage()).contains("Cannot commit")) {
          throw e;
        }
      }
    }
  }

  Table table(String name) throws Exception {
    Table table = Spark3Util.loadIcebergTable(spark, "lake." + name);
    table.refresh();
    return table;
  }

  /** The optimizing view of a table from the AMS REST API, once the AMS manages it. */
  JsonNode runtime(String database, String table) throws Exception {
    HttpResponse<String> response = ams.admin("GET", "/api/ams/v1/catalogs/lake/databases/" + database + "/tables/"
        + table + "/optimizing", null);
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  JsonNode processes(String database, String table) throws Exception {
    HttpResponse<String> response = ams.admin("GET", "/api/ams/v1/catalogs/lake/databases/" + database + "/tables/"
        + table + "/optimizing/processes?limit=50", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  void trigger(String database, String table, String type) throws Exception {
    JsonNode managed = poll("table " + table + " managed", Duration.ofMinutes(1), () -> runtime(database, table),
        n -> n != null);
    assertThat(managed.get("status").asText()).isNotNull();
    HttpResponse<String> response = ams.admin("POST", "/api/ams/v1/catalogs/lake/databases/" + database + "/tables/"
        + table + "/optimizing/trigger", "{\"type\":\"" + type + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  /** Waits until the table has a committed process of this type and is idle or pending again. */
  JsonNode awaitCommitted(String database, String table, String type, Duration timeout) throws Exception {
    poll("a committed " + type + " process of " + table, timeout, () -> processes(database, table),
        list -> stream(list).anyMatch(p -> type.equals(p.get("type").asText()) && "SUCCESS".equals(p.get("status").asText())));
    return awaitSettled(database, table, timeout);
  }

  /** Waits until no process of the table is active and the table is IDLE or PENDING. */
  JsonNode awaitSettled(String database, String table, Duration timeout) throws Exception {
    return poll(table + " idle or pending", timeout, () -> runtime(database, table), r -> r != null
        && ("IDLE".equals(r.get("status").asText()) || "PENDING".equals(r.get("status").asText())));
  }

  static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }

  static int optimizingSnapshots(Table table, String processId) {
    int count = 0;
    for (Snapshot snapshot : table.snapshots()) {
      String id = snapshot.summary().get(PROCESS_ID_PROPERTY);
      count += id != null && (processId == null || processId.equals(id)) ? 1 : 0;
    }
    return count;
  }

  static long summaryLong(Table table, String key) {
    return Long.parseLong(table.currentSnapshot().summary().getOrDefault(key, "0"));
  }

  /** Row count and an order-independent checksum of every column. */
  Row checksum(String query) {
    return spark.sql("SELECT count(*), sum(CAST(hash(*) AS BIGINT)) FROM (" + query + ")").first();
  }

  void assertContent(String table, String expectedQuery) {
    spark.sql("REFRESH TABLE lake." + table);
    Row actual = checksum("SELECT * FROM lake." + table);
    Row expected = checksum(expectedQuery);
    assertThat(actual.getLong(0)).as("row count of " + table).isEqualTo(expected.getLong(0));
    assertThat(actual.get(1)).as("checksum of " + table).isEqualTo(expected.get(1));
  }

  interface Probe<T> {
    T get() throws Exception;
  }

  static <T> T poll(String what, Duration timeout, Probe<T> probe, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
  }
}
