package io.lakeward.ams.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.TableIdentifier;
import io.lakeward.api.TableMeta;
import io.lakeward.common.thrift.ThriftClients;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by schema version 1 is upgraded in place when a newer AMS starts on it, and
 * every row it held is still served afterwards.
 */
abstract class SchemaMigrationContractTests {
  /** The newest migration under db/migration/{derby,mysql}; a new migration changes it. */
  static final String LATEST_VERSION = "8";

  @TempDir
  Path home;

  private DatabaseConfig database;

  protected abstract DatabaseConfig newDatabase(Path directory);

  protected void dropDatabase(DatabaseConfig config) {}

  @AfterEach
  void removeDatabase() {
    if (database != null) {
      dropDatabase(database);
    }
  }

  @Test
  void version1DatabaseIsUpgradedInPlaceWithoutLosingRows() throws Exception {
    database = newDatabase(home);
    try (HikariDataSource dataSource = dataSource(database)) {
      AmsDatabase.migrations(dataSource, database.databaseType()).target("1").load().migrate();
      try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
        sql.executeUpdate("INSERT INTO catalog_metadata (catalog_name, catalog_type, storage_configs, properties, created_at) "
            + "VALUES ('legacy', 'internal', '{}', '{\"warehouse\":\"/wh\"}', 1700000000000)");
        sql.executeUpdate("INSERT INTO database_metadata (catalog_name, database_name, database_location, properties, created_at) "
            + "VALUES ('legacy', 'sales', NULL, '{}', 1700000000001)");
        sql.executeUpdate("INSERT INTO table_metadata (catalog_name, database_name, table_name, table_format, table_location, "
            + "metadata_location, previous_metadata_location, properties, created_at, updated_at) VALUES "
            + "('legacy', 'sales', 'orders', 'ICEBERG', '/wh/sales/orders', '/wh/sales/orders/metadata/v3.json', "
            + "'/wh/sales/orders/metadata/v2.json', '{\"owner\":\"etl\"}', 1700000000002, 1700000000003)");
      }
      assertThat(schemaVersion(dataSource)).isEqualTo("1");
    }

    try (TestAms ams = TestAms.start(database, home);
        var catalog = ThriftClients.catalog(ams.catalogEndpoint(), Duration.ofSeconds(30))) {
      assertThat(catalog.client().getCatalog("legacy").getProperties()).containsEntry("warehouse", "/wh");
      assertThat(catalog.client().listDatabases("legacy")).containsExactly("sales");
      TableMeta orders = catalog.client().getTable(
          new TableIdentifier().setCatalog("legacy").setDatabase("sales").setTable("orders"));
      assertThat(orders.getMetadataLocation()).isEqualTo("/wh/sales/orders/metadata/v3.json");
      assertThat(orders.getPreviousMetadataLocation()).isEqualTo("/wh/sales/orders/metadata/v2.json");
      assertThat(orders.getProperties()).containsEntry("owner", "etl");
      assertThat(ams.rest().get("/api/ams/v1/catalogs/legacy").json().get("updatedAt").asLong())
          .as("version 2 fills the new updated_at column from created_at").isEqualTo(1700000000000L);
    }

    try (HikariDataSource dataSource = dataSource(database)) {
      assertThat(schemaVersion(dataSource)).as("the newest migration").isEqualTo(LATEST_VERSION);
    }
  }

  private static HikariDataSource dataSource(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.username());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(2);
    return new HikariDataSource(hikari);
  }

  private static String schemaVersion(HikariDataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE "
            .replace("\"", quote(connection)) + "ORDER BY \"installed_rank\" DESC".replace("\"", quote(connection)))) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }

  private static String quote(Connection connection) throws Exception {
    return connection.getMetaData().getIdentifierQuoteString();
  }
}
