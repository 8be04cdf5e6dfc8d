package io.lakeward.ams.optimizing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Managed tables get an optimizing runtime without anyone asking: small appends make a table
 * PENDING with a lower health score; disabling self-optimizing returns it to IDLE; an invalid
 * property is reported on the runtime; dropped tables lose theirs.
 */
class TableRuntimeTest {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "region", Types.StringType.get()));
  private static final String RUNTIME = "/api/ams/v1/catalogs/lake/databases/ops/tables/events/optimizing";

  private static TestAms ams;
  private static RESTCatalog client;

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("lakeward-runtime");
    ams = TestAms.start(TestAms.derby(home), home);
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    client = ams.icebergRestClient("lake");
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    ams.close();
  }

  @Test
  void smallAppendsMakeATablePendingAndSettingsAreHonoured() throws Exception {
    client.createNamespace(Namespace.of("ops"));
    Table table = client.createTable(TableIdentifier.of("ops", "events"), SCHEMA,
        PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of("format-version", "2"));
    Poll.until(() -> field(RUNTIME, "status"), "IDLE", 20, "runtime of the new table");
    assertThat(ams.rest().get(RUNTIME).json().get("health-score").asInt()).isEqualTo(100);

    for (int i = 0; i < 11; i++) {
      append(table);
    }
    String eleventh = String.valueOf(table.currentSnapshot().snapshotId());
    Poll.until(() -> field(RUNTIME, "evaluated-snapshot-id"), eleventh, 60, "evaluation of the 11th append");
    assertThat(field(RUNTIME, "status")).as("11 fragments are below the trigger").isEqualTo("IDLE");
    assertThat(field(RUNTIME, "fragment-files")).isEqualTo("11");

    append(table);
    Poll.until(() -> field(RUNTIME, "status"), "PENDING", 60, "status after 12 small appends");
    JsonNode runtime = ams.rest().get(RUNTIME).json();
    assertThat(runtime.get("pending-type").asText()).isEqualTo("MINOR");
    assertThat(runtime.get("fragment-files").asInt()).isEqualTo(12);
    assertThat(runtime.get("health-score").asInt()).isLessThan(100);
    assertThat(runtime.get("evaluated-snapshot-id").asLong()).isEqualTo(table.currentSnapshot().snapshotId());

    table.updateProperties().set("self-optimizing.enabled", "false").commit();
    Poll.until(() -> field(RUNTIME, "status"), "IDLE", 60, "status with self-optimizing disabled");

    table.updateProperties().set("self-optimizing.enabled", "true").set("self-optimizing.target-size", "huge").commit();
    Poll.until(() -> field(RUNTIME, "last-error"),
        "Invalid table property self-optimizing.target-size: 'huge' is not an integer", 60, "error on the runtime");

    client.dropTable(TableIdentifier.of("ops", "events"));
    Poll.until(() -> ams.rest().get(RUNTIME).status(), 404, 60, "runtime of the dropped table");
  }

  private static void append(Table table) {
    table.newFastAppend().appendFile(DataFiles.builder(table.spec())
          .withPath(table.location() + "/data/region=eu/" + UUID.randomUUID() + ".parquet")
          .withFileSizeInBytes(4096).withRecordCount(1).withPartitionPath("region=eu").build()).commit();
  }

  private static String field(String path, String name) {
    RestClient.Answer answer = ams.rest().get(path);
    if (answer.status() != 200) {
      return "HTTP " + answer.status() + " " + answer.body() + " managed=" + ams.rest().get("/api/ams/v1/tables").body();
    }
    JsonNode value = answer.json().get(name);
    return value == null || value.isNull() ? null : value.asText();
  }
}
