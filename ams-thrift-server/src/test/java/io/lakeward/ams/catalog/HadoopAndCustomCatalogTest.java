package io.lakeward.ams.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.TableIdentifier;
import io.lakeward.common.thrift.ThriftClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hadoop (filesystem) and custom catalogs: tables engines write appear in the AMS, detail included. */
class HadoopAndCustomCatalogTest {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private static Path home;
  private static TestAms ams;

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("lakeward-hadoop");
    ams = TestAms.start(TestAms.derby(home), home);
  }

  @AfterAll
  static void stop() {
    ams.close();
  }

  @Test
  void hadoopCatalogTablesAreManagedAndServed() throws Exception {
    String warehouse = home.resolve("hadoop-warehouse").toUri().toString();
    HadoopCatalog engine = new HadoopCatalog();
    engine.setConf(new Configuration());
    engine.initialize("engine", Map.of("warehouse", warehouse));
    engine.createNamespace(Namespace.of("logs"));
    Table table = engine.createTable(org.apache.iceberg.catalog.TableIdentifier.of("logs", "access"), SCHEMA);
    table.newAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/f.parquet")
        .withFileSizeInBytes(2048).withRecordCount(10).build()).commit();
    engine.createTable(org.apache.iceberg.catalog.TableIdentifier.of("logs", "skipped"), SCHEMA);

    register("{\"name\": \"fs\", \"type\": \"hadoop\", \"properties\": {\"warehouse\": \"" + warehouse
        + "\", \"filter.table.include\": \"logs\\\\.acc.*\"}}");
    Poll.untilManaged(ams, "fs", Set.of("logs.access"));

    JsonNode detail = ams.rest().get("/api/ams/v1/catalogs/fs/databases/logs/tables/access").json();
    assertThat(detail.get("current-snapshot").get("data-files").asLong()).isEqualTo(1);
    assertThat(detail.get("current-snapshot").get("records").asLong()).isEqualTo(10);
    assertThat(detail.get("current-snapshot").get("total-size-bytes").asLong()).isEqualTo(2048);
    try (var thrift = ThriftClients.catalog(ams.catalogEndpoint(), Duration.ofSeconds(30))) {
      assertThat(thrift.client().getTable(new TableIdentifier().setCatalog("fs").setDatabase("logs").setTable("access"))
          .getMetadataLocation()).isEqualTo(((HasTableOperations) table).operations().current().metadataFileLocation());
    }
  }

  @Test
  void customCatalogIsLoadedByClassName() throws Exception {
    register("{\"name\": \"mem\", \"type\": \"custom\", \"properties\": {\"catalog-impl\": "
        + "\"org.apache.iceberg.inmemory.InMemoryCatalog\"}}");
    assertThat(ams.rest().get("/api/ams/v1/catalogs/mem/databases").json()).isEmpty();
    RestClient.Answer wrongClass = ams.rest().admin("POST", "/api/ams/v1/catalogs",
        "{\"name\": \"broken\", \"type\": \"custom\", \"properties\": {\"catalog-impl\": \"com.example.NoSuchCatalog\"}}");
    assertThat(wrongClass.status()).as(wrongClass.body()).isEqualTo(400);
    assertThat(wrongClass.json().get("message").asText()).contains("cannot connect");
  }

  private static void register(String body) {
    RestClient.Answer answer = ams.rest().admin("POST", "/api/ams/v1/catalogs", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }


}
