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

  /** Tables (or views, by format) of a database; NotFoundException when the database does not exist. */
  public List<TableName> listTables(String catalog, String databaseName, String format) {
    return database.inTransaction(connection -> {
      requireDatabase(connection, catalog, databaseName);
      return Rows.query(connection,
          "SELECT catalog_name, database_name, table_name FROM table_metadata WHERE catalog_name = ? AND database_name = ? "
              + "AND table_format = ? ORDER BY table_name",
          row -> new TableName(row.getString(1), row.getString(2), row.getString(3)), catalog, databaseName, format);
    });
  }

  /** Replaces a database's properties; false when it does not exist. */
  public boolean updateDatabaseProperties(String catalog, String name, Map<String, String> properties) {
    return database.inTransaction(connection -> Rows.update(connection,
        "UPDATE database_metadata SET properties = ? WHERE catalog_name = ? AND database_name = ?",
        Rows.toJson(properties), catalog, name) == 1);
  }

  /**
   * Moves a table or view to a new name (possibly in another database of the same catalog).
   * NotFoundException when the source or the target database is missing, AlreadyExistsException
   * when the target name is taken.
   */
  public void rename(TableName from, TableName to, String format, long now) {
    database.inTransaction(connection -> {
      requireDatabase(connection, to.catalog(), to.database());
      try {
        int moved = Rows.update(connection, "UPDATE table_metadata SET database_name = ?, table_name = ?, updated_at = ? "
                + "WHERE catalog_name = ? AND database_name = ? AND table_name = ? AND table_format = ?",
            to.database(), to.table(), now, from.catalog(), from.database(), from.table(), format);
        if (moved == 0) {
          throw new NotFoundException(format.equals(TableRecord.ICEBERG_VIEW) ? ErrorCode.NO_SUCH_OBJECT : ErrorCode.NO_SUCH_TABLE,
              (format.equals(TableRecord.ICEBERG_VIEW) ? "View" : "Table") + " does not exist: " + from);
        }
      } catch (SQLException e) {
        if (Rows.isDuplicateKey(e)) {
          throw new AlreadyExistsException(ErrorCode.ALREADY_EXISTS, "Table or view already exists: " + to);
        }
        throw e;
      }
      Rows.update(connection, "UPDATE table_blocker SET database_name = ?, table_name = ? "
              + "WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
          to.database(), to.table(), from.catalog(), from.database(), from.table());
      return null;
    });
  }

  /** One pointer swap of a multi-table commit. */
  public record PointerSwap(TableName name, String expected, String next) {}

  /**
   * Swaps several tables' metadata locations in one transaction: all land or none does
   * (ConflictException naming the first table whose base is no longer current).
   */
  public void commitAll(List<PointerSwap> swaps, long now) {
    database.inTransaction(connection -> {
      for (PointerSwap swap : swaps) {
        int updated = Rows.update(connection, "UPDATE table_metadata SET metadata_location = ?, previous_metadata_location = ?, "
                + "updated_at = ? WHERE catalog_name = ? AND database_name = ? AND table_name = ? AND metadata_location = ?",
            swap.next(), swap.expected(), now, swap.name().catalog(), swap.name().database(), swap.name().table(),
            swap.expected());
        if (updated == 0) {
          throw new ConflictException(ErrorCode.COMMIT_CONFLICT,
              "Cannot commit " + swap.name() + ": base metadata " + swap.expected() + " is no longer current");
        }
      }
      return null;
    });
  }

  /** Removes a table or view (by format) with its blockers; false when there was none. */
  public boolean dropTable(TableName name, String format) {
    return database.inTransaction(connection -> {
      int dropped = Rows.update(connection,
          "DELETE FROM table_metadata WHERE catalog_name = ? AND database_name = ? AND table_name = ? AND table_format = ?",
          name.catalog(), name.database(), name.table(), format);
      if (dropped == 1) {
        Rows.update(connection, "DELETE FROM table_blocker WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
            name.catalog(), name.database(), name.table());
      }
      return dropped == 1;
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
