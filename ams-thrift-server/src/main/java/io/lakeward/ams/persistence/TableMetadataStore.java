package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.DatabaseRecord;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.catalog.TableRecord;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.AlreadyExistsException;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Databases and table metadata pointers of internal catalogs (database_metadata, table_metadata).
 * A commit is one conditional UPDATE on the current metadata location, so of two concurrent
 * committers from the same base exactly one wins.
 */
public final class TableMetadataStore {
  private static final String TABLE_COLUMNS = "catalog_name, database_name, table_name, table_format, table_location, "
      + "metadata_location, previous_metadata_location, properties, created_at, updated_at";

  private final AmsDatabase database;

  public TableMetadataStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public void createDatabase(DatabaseRecord record) {
    database.inTransaction(connection -> {
      try {
        return Rows.update(connection, "INSERT INTO database_metadata (catalog_name, database_name, database_location, "
            + "properties, created_at) VALUES (?, ?, ?, ?, ?)", record.catalog(), record.name(), record.location(),
            Rows.toJson(record.properties()), record.createdAtMillis());
      } catch (SQLException e) {
        if (Rows.isDuplicateKey(e)) {
          throw new AlreadyExistsException(ErrorCode.ALREADY_EXISTS,
              "Database already exists: " + record.catalog() + "." + record.name());
        }
        throw e;
      }
    });
  }

  public Optional<DatabaseRecord> findDatabase(String catalog, String name) {
    return database.inTransaction(connection -> findDatabase(connection, catalog, name));
  }

  public List<DatabaseRecord> listDatabases(String catalog) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM database_metadata WHERE catalog_name = ? ORDER BY database_name",
        TableMetadataStore::mapDatabase, catalog));
  }

  public long countDatabases(String catalog) {
    return database.inTransaction(connection ->
        Rows.count(connection, "SELECT COUNT(*) FROM database_metadata WHERE catalog_name = ?", catalog));
  }

  public long countTables(String catalog) {
    return database.inTransaction(connection ->
        Rows.count(connection, "SELECT COUNT(*) FROM table_metadata WHERE catalog_name = ?", catalog));
  }

  /** Drops an empty database; ConflictException(NOT_EMPTY) while it holds tables. */
  public void dropDatabase(String catalog, String name) {
    database.inTransaction(connection -> {
      long tables = Rows.count(connection,
          "SELECT COUNT(*) FROM table_metadata WHERE catalog_name = ? AND database_name = ?", catalog, name);
      if (tables > 0) {
        throw new ConflictException(ErrorCode.NOT_EMPTY,
            "Cannot drop database " + catalog + "." + name + ": it still holds " + tables + " tables");
      }
      int deleted = Rows.update(connection,
          "DELETE FROM database_metadata WHERE catalog_name = ? AND database_name = ?", catalog, name);
      if (deleted == 0) {
        throw new NotFoundException(ErrorCode.NO_SUCH_DATABASE, "Database does not exist: " + catalog + "." + name);
      }
      return null;
    });
  }

  public void createTable(TableRecord table) {
    database.inTransaction(connection -> {
      requireDatabase(connection, table.name().catalog(), table.name().database());
      try {
        return Rows.update(connection, "INSERT INTO table_metadata (" + TABLE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            table.name().catalog(), table.name().database(), table.name().table(), table.format(), table.location(),
            table.metadataLocation(), table.previousMetadataLocation(), Rows.toJson(table.properties()),
            table.createdAtMillis(), table.updatedAtMillis());
      } catch (SQLException e) {
        if (Rows.isDuplicateKey(e)) {
          throw new AlreadyExistsException(ErrorCode.ALREADY_EXISTS, "Table already exists: " + table.name());
        }
        throw e;
      }
    });
  }

  public Optional<TableRecord> findTable(TableName name) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + TABLE_COLUMNS + " FROM table_metadata WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
        TableMetadataStore::mapTable, name.catalog(), name.database(), name.table())).stream().findFirst();
  }

  public List<TableName> listTables(String catalog, String databaseName) {
    return database.inTransaction(connection -> {
      requireDatabase(connection, catalog, databaseName);
      return Rows.query(connection,
          "SELECT catalog_name, database_name, table_name FROM table_metadata WHERE catalog_name = ? AND database_name = ? "
              + "ORDER BY table_name",
          row -> new TableName(row.getString(1), row.getString(2), row.getString(3)), catalog, databaseName);
    });
  }

  public boolean dropTable(TableName name) {
    return database.inTransaction(connection -> {
      Rows.update(connection, "DELETE FROM table_blocker WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
          name.catalog(), name.database(), name.table());
      return Rows.update(connection,
          "DELETE FROM table_metadata WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
          name.catalog(), name.database(), name.table()) == 1;
    });
  }

  /**
   * Compare-and-set of the metadata location. NotFoundException when the table is gone,
   * ConflictException(COMMIT_CONFLICT) when its current location is not {@code expected}.
   */
  public TableRecord commit(TableName name, String expected, String next, Map<String, String> properties, long now) {
    return database.inTransaction(connection -> {
      int updated = Rows.update(connection, "UPDATE table_metadata SET metadata_location = ?, previous_metadata_location = ?, "
              + "properties = COALESCE(?, properties), updated_at = ? "
              + "WHERE catalog_name = ? AND database_name = ? AND table_name = ? AND metadata_location = ?",
          next, expected, properties == null ? null : Rows.toJson(properties), now,
          name.catalog(), name.database(), name.table(), expected);
      List<TableRecord> current = Rows.query(connection, "SELECT " + TABLE_COLUMNS
              + " FROM table_metadata WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
          TableMetadataStore::mapTable, name.catalog(), name.database(), name.table());
      if (current.isEmpty()) {
        throw new NotFoundException(ErrorCode.NO_SUCH_TABLE, "Table does not exist: " + name);
      }
      if (updated == 0) {
        throw new ConflictException(ErrorCode.COMMIT_CONFLICT, "Cannot commit " + name + ": base metadata "
            + expected + " is no longer current (current: " + current.get(0).metadataLocation() + ")");
      }
      return current.get(0);
    });
  }

  private static void requireDatabase(Connection connection, String catalog, String name) throws SQLException {
    if (findDatabase(connection, catalog, name).isEmpty()) {
      throw new NotFoundException(ErrorCode.NO_SUCH_DATABASE, "Database does not exist: " + catalog + "." + name);
    }
  }

  private static Optional<DatabaseRecord> findDatabase(Connection connection, String catalog, String name)
      throws SQLException {
    return Rows.query(connection, "SELECT * FROM database_metadata WHERE catalog_name = ? AND database_name = ?",
        TableMetadataStore::mapDatabase, catalog, name).stream().findFirst();
  }

  private static DatabaseRecord mapDatabase(ResultSet row) throws SQLException {
    return new DatabaseRecord(row.getString("catalog_name"), row.getString("database_name"),
        row.getString("database_location"), Rows.fromJson(row.getString("properties")), row.getLong("created_at"));
  }

  private static TableRecord mapTable(ResultSet row) throws SQLException {
    return new TableRecord(
        new TableName(row.getString("catalog_name"), row.getString("database_name"), row.getString("table_name")),
        row.getString("table_format"),
        row.getString("table_location"),
        row.getString("metadata_location"),
        row.getString("previous_metadata_location"),
        Rows.fromJson(row.getString("properties")),
        row.getLong("created_at"),
        row.getLong("updated_at"));
  }
}
