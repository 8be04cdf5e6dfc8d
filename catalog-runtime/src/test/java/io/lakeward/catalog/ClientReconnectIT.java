package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine-side catalog through the Iceberg API: its pooled connections survive an AMS restart
 * (idempotent calls retry on a fresh connection), and AMS errors arrive as Iceberg exceptions.
 */
class ClientReconnectIT {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  private static AmsProcess ams;
  private static LakewardCatalog catalog;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("lakeward-reconnect");
    ams = AmsProcess.start(dir, null);
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    catalog = new LakewardCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("lake", Map.of("uri", ams.thriftUri("lake"), LakewardCatalog.POOL_SIZE, "2"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (catalog != null) {
      catalog.close();
    }
    if (ams != null) {
      ams.close();
    }
  }

  @Test
  void pooledConnectionsSurviveAnAmsRestart() throws Exception {
    catalog.createNamespace(Namespace.of("ops"));
    TableIdentifier id = TableIdentifier.of("ops", "events");
    Table table = catalog.createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    table.newAppend().appendFile(file(table, "a")).commit();

    ams.restart();

    Table reloaded = catalog.loadTable(id);
    assertThat(reloaded.currentSnapshot().summary()).containsEntry("total-data-files", "1");
    reloaded.newAppend().appendFile(file(reloaded, "b")).commit();
    assertThat(catalog.loadTable(id).currentSnapshot().summary()).containsEntry("total-data-files", "2");
  }

  @Test
  void amsErrorsArriveAsIcebergExceptions() {
    assertThatThrownBy(() -> catalog.loadTable(TableIdentifier.of("nowhere", "t"))).isInstanceOf(NoSuchTableException.class);
    assertThatThrownBy(() -> catalog.loadNamespaceMetadata(Namespace.of("nowhere"))).isInstanceOf(NoSuchNamespaceException.class);
    catalog.createNamespace(Namespace.of("dup"));
    assertThatThrownBy(() -> catalog.createNamespace(Namespace.of("dup"))).isInstanceOf(AlreadyExistsException.class);
    catalog.createTable(TableIdentifier.of("dup", "t"), SCHEMA);
    assertThatThrownBy(() -> catalog.createTable(TableIdentifier.of("dup", "t"), SCHEMA)).isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> catalog.createTable(TableIdentifier.of("dup", "bad/name"), SCHEMA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path separators");
  }

  @Test
  void unknownCatalogInTheUriIsAClearError() {
    LakewardCatalog other = new LakewardCatalog();
    assertThatThrownBy(() -> other.initialize("x", Map.of("uri", ams.thriftUri("no_such_catalog"))))
        .hasMessageContaining("Catalog does not exist: no_such_catalog");
    assertThatThrownBy(() -> other.initialize("x", Map.of("uri", "thrift://127.0.0.1:1260")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name the AMS catalog");
  }

  private static DataFile file(Table table, String name) {
    return DataFiles.builder(table.spec()).withPath(table.location() + "/data/" + name + ".parquet")
        .withFileSizeInBytes(100).withRecordCount(1).build();
  }
}
