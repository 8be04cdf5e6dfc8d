package io.lakeward.ams.optimizing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.common.thrift.ThriftClients;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * self-optimizing.full.trigger.cron becomes a Quartz cron trigger in the AMS database that requests
 * full optimizing when it fires, survives an AMS restart, and goes away with the property.
 */
class FullOptimizingCronTest {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
  private static final String RUNTIME = "/api/ams/v1/catalogs/lake/databases/cron/tables/nightly/optimizing";

  @TempDir
  Path home;

  @Test
  void aCronTriggerRequestsFullOptimizingAndFollowsTheProperty() throws Exception {
    try (TestAms ams = TestAms.start(TestAms.derby(home), home); RESTCatalog client = client(ams, true)) {
      client.createNamespace(Namespace.of("cron"));
      Table table = client.createTable(TableIdentifier.of("cron", "nightly"), SCHEMA, PartitionSpec.unpartitioned(),
          Map.of("format-version", "2", "self-optimizing.group", "unserved"));
      table.newFastAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/"
          + UUID.randomUUID() + ".parquet").withFileSizeInBytes(1000).withRecordCount(1).build()).commit();
      Poll.until(() -> field(ams, "status"), "IDLE", 30, "a healthy table");

      table.updateProperties().set("self-optimizing.full.trigger.cron", "0/1 * * * * ?").commit();
      Poll.until(() -> field(ams, "requested-type"), "FULL", 30, "the cron trigger's request");
      assertThat(field(ams, "status")).as("nobody serves its group, so it waits").isEqualTo("PENDING");
      assertThat(cronTriggers(ams)).isEqualTo(1);

      // Once an optimizer serves the table's group, the request becomes a FULL optimizing process.
      RestClient.Answer group = ams.rest().admin("POST", "/api/ams/v1/optimizer-groups", "{\"name\": \"unserved\"}");
      assertThat(group.status()).as(group.body()).isEqualTo(201);
      try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), Duration.ofSeconds(30))) {
        String token = connection.client().registerOptimizer(new OptimizerRegisterInfo().setGroup("unserved")
            .setThreadCount(1)).getToken();
        Poll.until(() -> {
          try {
            return connection.client().pollTask(token, 0).isSetTask();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, true, 30, "a task of the cron-requested optimizing");
        JsonNode process = ams.rest().get(RUNTIME + "/processes").json().get(0);
        assertThat(process.get("type").asText()).isEqualTo("FULL");
      }
    }
    try (TestAms restarted = TestAms.start(TestAms.derby(home), home); RESTCatalog client = client(restarted, false)) {
      Table table = client.loadTable(TableIdentifier.of("cron", "nightly"));
      assertThat(cronTriggers(restarted)).as("the trigger survives the restart").isEqualTo(1);
      table.updateProperties().remove("self-optimizing.full.trigger.cron").commit();
      Poll.until(() -> cronTriggers(restarted), 0, 30, "the trigger removed with the property");
      table.updateProperties().set("self-optimizing.full.trigger.cron", "every night").commit();
      Poll.until(() -> String.valueOf(field(restarted, "last-error")).contains("Invalid cron expression"), true, 30,
          "an invalid expression reported on the runtime");
    }
  }

  private RESTCatalog client(TestAms ams, boolean createCatalog) {
    if (createCatalog) {
      ams.createInternalCatalog("lake", home.resolve("warehouse"));
    }
    return ams.icebergRestClient("lake");
  }

  private int cronTriggers(TestAms ams) {
    try (Connection connection = DriverManager.getConnection("jdbc:derby:" + home.resolve("derby").toAbsolutePath());
        ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM QRTZ_CRON_TRIGGERS")) {
      rows.next();
      return rows.getInt(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String field(TestAms ams, String name) {
    RestClient.Answer answer = ams.rest().get(RUNTIME);
    if (answer.status() != 200) {
      return "HTTP " + answer.status();
    }
    JsonNode value = answer.json().get(name);
    return value == null || value.isNull() ? null : value.asText();
  }
}
