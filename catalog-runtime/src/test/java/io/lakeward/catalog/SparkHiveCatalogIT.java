package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.hive.TestHiveMetastore;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An existing Hive Metastore registered in the AMS as a hive catalog: Spark reaches it with nothing
 * but the AMS Thrift URI (the AMS hands over the metastore settings), and the tables Spark creates
 * and drops there appear in and leave the AMS's managed tables after its scan.
 */
class SparkHiveCatalogIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestHiveMetastore metastore;
  private static AmsProcess ams;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    metastore = new TestHiveMetastore();
    metastore.start();
    String uri = metastore.hiveConf().get("hive.metastore.uris");
    // The metastore publishes its URI JVM-wide; Spark must learn it from the AMS instead.
    System.clearProperty("hive.metastore.uris");
    Path dir = Files.createTempDirectory("lakeward-spark-hive");
    ams = AmsProcess.start(dir, null, "  catalog:\n    scan-interval: 1s\n");
    HttpResponse<String> created = ams.admin("POST", "/api/ams/v1/catalogs", "{\"name\": \"hms\", \"type\": \"hive\", "
        + "\"properties\": {\"uri\": \"" + uri + "\", \"warehouse\": \"" + dir.resolve("warehouse").toUri() + "\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    spark = SparkSession.builder().master("local[2]").appName("lakeward-hive-catalog")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.lake.catalog-impl", LakewardCatalog.class.getName())
        .config("spark.sql.catalog.lake.uri", ams.thriftUri("hms"))
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
    if (metastore != null) {
      metastore.stop();
    }
  }

  @Test
  void sparkTablesInTheMetastoreAppearInAndLeaveTheAms() throws Exception {
    spark.sql("CREATE NAMESPACE lake.web");
    spark.sql("CREATE TABLE lake.web.clicks (id BIGINT, page STRING) USING iceberg");
    spark.sql("INSERT INTO lake.web.clicks SELECT id, concat('p', id % 7) FROM range(0, 70)");
    assertThat(spark.sql("SELECT count(*) FROM lake.web.clicks").first().getLong(0)).isEqualTo(70);
    awaitManaged(Set.of("web.clicks"));

    JsonNode detail = JSON.readTree(ams.admin("GET", "/api/ams/v1/catalogs/hms/databases/web/tables/clicks", null).body());
    assertThat(detail.get("current-snapshot").get("records").asLong()).isEqualTo(70);

    spark.sql("DROP TABLE lake.web.clicks");
    awaitManaged(Set.of());
  }

  private static void awaitManaged(Set<String> expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Set<String> names = new HashSet<>();
      JSON.readTree(ams.admin("GET", "/api/ams/v1/tables?catalog=hms", null).body())
          .forEach(t -> names.add(t.get("database").asText() + "." + t.get("table").asText()));
      if (names.equals(expected)) {
        return;
      }
      assertThat(System.nanoTime()).as("managed tables never became %s (now %s)", expected, names).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
