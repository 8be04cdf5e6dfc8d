package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.CatalogDefinition;
import io.lakeward.ams.catalog.CatalogType;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.AlreadyExistsException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Rows of catalog_metadata: the catalog registry. */
public final class CatalogStore {
  private static final String COLUMNS =
      "catalog_name, catalog_type, storage_configs, properties, created_at, updated_at";

  private final AmsDatabase database;

  public CatalogStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public void insert(CatalogDefinition catalog) {
    database.inTransaction(connection -> {
      try {
        return Rows.update(connection, "INSERT INTO catalog_metadata (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
            catalog.name(), catalog.type().wireName(), Rows.toJson(catalog.storageConfigs()),
            Rows.toJson(catalog.properties()), catalog.createdAtMillis(), catalog.updatedAtMillis());
      } catch (SQLException e) {
        if (Rows.isDuplicateKey(e)) {
          throw new AlreadyExistsException(ErrorCode.ALREADY_EXISTS, "Catalog already exists: " + catalog.name());
        }
        throw e;
      }
    });
  }

  /** Replaces type, storage and properties; false when the catalog does not exist. */
  public boolean update(CatalogDefinition catalog) {
    return database.inTransaction(connection -> Rows.update(connection,
        "UPDATE catalog_metadata SET catalog_type = ?, storage_configs = ?, properties = ?, updated_at = ? WHERE catalog_name = ?",
        catalog.type().wireName(), Rows.toJson(catalog.storageConfigs()), Rows.toJson(catalog.properties()),
        catalog.updatedAtMillis(), catalog.name()) == 1);
  }

  public Optional<CatalogDefinition> find(String name) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM catalog_metadata WHERE catalog_name = ?", CatalogStore::map, name))
        .stream().findFirst();
  }

  public List<CatalogDefinition> list() {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM catalog_metadata ORDER BY catalog_name", CatalogStore::map));
  }

  /** Deletes the catalog with its databases, tables and blockers in one transaction. */
  public boolean delete(String name) {
    return database.inTransaction(connection -> {
      Rows.update(connection, "DELETE FROM table_blocker WHERE catalog_name = ?", name);
      Rows.update(connection, "DELETE FROM managed_table WHERE catalog_name = ?", name);
      Rows.update(connection, "DELETE FROM catalog_scan WHERE catalog_name = ?", name);
      Rows.update(connection, "DELETE FROM table_metadata WHERE catalog_name = ?", name);
      Rows.update(connection, "DELETE FROM database_metadata WHERE catalog_name = ?", name);
      return Rows.update(connection, "DELETE FROM catalog_metadata WHERE catalog_name = ?", name) == 1;
    });
  }

  private static CatalogDefinition map(ResultSet row) throws SQLException {
    return new CatalogDefinition(
        row.getString("catalog_name"),
        CatalogType.fromWireName(row.getString("catalog_type")),
        Rows.fromJson(row.getString("storage_configs")),
        Rows.fromJson(row.getString("properties")),
        row.getLong("created_at"),
        row.getLong("updated_at"));
  }
}
