package io.lakeward.ams.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.InvalidInputException;
import io.lakeward.api.TableIdentifier;
import io.lakeward.api.TableMeta;
import io.lakeward.common.thrift.ThriftClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.hive.HiveCatalog;
import org.apache.iceberg.hive.TestHiveMetastore;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Hive Metastore (Thrift, embedded Derby) registered as a hive catalog: Iceberg tables that
 * engines create there appear in the AMS after a scan and disappear when dropped; include/exclude
 * filters bound what is managed; an unreachable metastore is refused at registration.
 */
class HiveCatalogTest {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()));

  private static TestHiveMetastore metastore;
  private static Path home;
  private static TestAms ams;
  private static HiveCatalog engine;
  private static String metastoreUri;

  @BeforeAll
  static void start() throws Exception {
    metastore = new TestHiveMetastore();
    metastore.start();
    metastoreUri = metastore.hiveConf().get("hive.metastore.uris");
    // TestHiveMetastore publishes its URI as a JVM-wide system property, which HiveConf would apply
    // to every catalog in this JVM; each catalog must use only the URI it was registered with.
    System.clearProperty("hive.metastore.uris");
    home = Files.createTempDirectory("lakeward-hive");
    ams = TestAms.start(TestAms.derby(home), home);
    engine = new HiveCatalog();
    engine.setConf(new Configuration());
    engine.initialize("engine", Map.of("uri", metastoreUri(), "warehouse", home.resolve("hive-warehouse").toUri().toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (ams != null) {
      ams.close();
    }
    if (metastore != null) {
      metastore.stop();
    }
  }

  @Test
  void tablesCreatedAndDroppedInTheMetastoreFollowInTheAms() throws Exception {
    register("hms", "\"filter.table.exclude\": \".*_tmp\"");
    engine.createNamespace(Namespace.of("sales"));
    Table orders = engine.createTable(org.apache.iceberg.catalog.TableIdentifier.of("sales", "orders"), SCHEMA,
        PartitionSpec.unpartitioned());
    engine.createTable(org.apache.iceberg.catalog.TableIdentifier.of("sales", "scratch_tmp"), SCHEMA);

    Poll.untilManaged(ams, "hms", Set.of("sales.orders"));

    try (var thrift = ThriftClients.catalog(ams.catalogEndpoint(), Duration.ofSeconds(30))) {
      assertThat(thrift.client().getCatalog("hms").getType()).isEqualTo("hive");
      assertThat(thrift.client().listDatabases("hms")).contains("sales");
      TableMeta served = thrift.client().getTable(new TableIdentifier().setCatalog("hms").setDatabase("sales").setTable("orders"));
      assertThat(served.getMetadataLocation())
          .isEqualTo(((HasTableOperations) orders).operations().current().metadataFileLocation());
      // Writes to external catalogs go to the metastore directly, never through the AMS.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> thrift.client().createDatabase(
          new io.lakeward.api.DatabaseMeta().setCatalog("hms").setName("x"))).isInstanceOf(InvalidInputException.class);
    }
    JsonNode detail = ams.rest().get("/api/ams/v1/catalogs/hms/databases/sales/tables/orders").json();
    assertThat(detail.get("schema").get("fields")).hasSize(2);
    assertThat(detail.get("current-snapshot").isNull()).isTrue();

    engine.dropTable(org.apache.iceberg.catalog.TableIdentifier.of("sales", "orders"), true);
    Poll.untilManaged(ams, "hms", Set.of());
    JsonNode scan = ams.rest().get("/api/ams/v1/catalogs/hms/scan").json();
    assertThat(scan.get("lastError").isNull()).isTrue();
    assertThat(scan.get("tableCount").asInt()).isZero();
  }

  @Test
  void unreachableMetastoreIsRefusedAtRegistrationAndTheAmsStaysUp() {
    long start = System.nanoTime();
    RestClient.Answer answer = ams.rest().admin("POST", "/api/ams/v1/catalogs",
        "{\"name\": \"dead\", \"type\": \"hive\", \"properties\": {\"uri\": \"thrift://127.0.0.1:1\", \"warehouse\": \"/tmp/w\"}}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().get("message").asText()).contains("cannot connect");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(60);
    assertThat(ams.rest().get("/api/ams/v1/catalogs/dead").status()).isEqualTo(404);
    assertThat(ams.rest().get("/api/ams/v1/health").status()).isEqualTo(200);
  }

  private static void register(String name, String extraProperties) {
    String body = "{\"name\": \"" + name + "\", \"type\": \"hive\", \"properties\": {\"uri\": \"" + metastoreUri()
        + "\", \"warehouse\": \"" + home.resolve("hive-warehouse").toUri() + "\", " + extraProperties + "}}";
    RestClient.Answer answer = ams.rest().admin("POST", "/api/ams/v1/catalogs", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }

  private static String metastoreUri() {
    return metastoreUri;
  }


}
