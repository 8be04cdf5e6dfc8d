package io.lakeward.ams.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.common.exceptions.UnsupportedException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Databases and table metadata pointers of catalogs whose metastore is the AMS itself. Catalogs of
 * other types are answered with UNSUPPORTED until the external catalog connectors serve them.
 */
public final class InternalMetastore {
  private final CatalogRegistry registry;
  private final TableMetadataStore store;
  private final Clock clock;

  public InternalMetastore(CatalogRegistry registry, TableMetadataStore store, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public List<DatabaseRecord> listDatabases(String catalog) {
    requireInternal(catalog, "list databases");
    return store.listDatabases(catalog);
  }

  public DatabaseRecord getDatabase(String catalog, String name) {
    requireInternal(catalog, "load database");
    return store.findDatabase(catalog, name).orElseThrow(() ->
        new NotFoundException(ErrorCode.NO_SUCH_DATABASE, "Database does not exist: " + catalog + "." + name));
  }

  public DatabaseRecord createDatabase(String catalog, String name, String location, Map<String, String> properties) {
    requireInternal(catalog, "create database");
    DatabaseRecord record = new DatabaseRecord(catalog, name, location, properties, clock.millis());
    store.createDatabase(record);
    return record;
  }

  public void alterDatabase(String catalog, String name, Map<String, String> properties) {
    requireInternal(catalog, "alter database");
    if (!store.updateDatabaseProperties(catalog, name, properties == null ? Map.of() : properties)) {
      throw new NotFoundException(ErrorCode.NO_SUCH_DATABASE, "Database does not exist: " + catalog + "." + name);
    }
  }

  public void renameTable(TableName from, TableName to) {
    requireInternal(from.catalog(), "rename table");
    store.rename(from, to, TableRecord.ICEBERG_TABLE, clock.millis());
  }

  public void dropDatabase(String catalog, String name) {
    requireInternal(catalog, "drop database");
    store.dropDatabase(catalog, name);
  }

  public List<TableName> listTables(String catalog, String database) {
    requireInternal(catalog, "list tables");
    return store.listTables(catalog, database, TableRecord.ICEBERG_TABLE);
  }

  public TableRecord getTable(TableName name) {
    requireInternal(name.catalog(), "load table");
    return store.findTable(name).filter(t -> !t.isView()).orElseThrow(() -> noSuchTable(name));
  }

  public TableRecord createTable(TableName name, String format, String location, String metadataLocation,
      Map<String, String> properties) {
    requireInternal(name.catalog(), "create table");
    long now = clock.millis();
    TableRecord record = new TableRecord(name, format, location, metadataLocation, null, properties, now, now);
    store.createTable(record);
    return record;
  }

  public void dropTable(TableName name) {
    requireInternal(name.catalog(), "drop table");
    if (!store.dropTable(name, TableRecord.ICEBERG_TABLE)) {
      throw noSuchTable(name);
    }
  }

  public TableRecord commit(TableName name, String expected, String next, Map<String, String> properties) {
    requireInternal(name.catalog(), "commit table");
    return store.commit(name, expected, next, properties, clock.millis());
  }

  private void requireInternal(String catalog, String action) {
    CatalogDefinition definition = registry.get(catalog);
    if (definition.type() != CatalogType.INTERNAL) {
      throw new UnsupportedException(ErrorCode.UNSUPPORTED, String.format(
          "Cannot %s in catalog %s: %s catalogs are not served through the AMS metastore yet",
          action, catalog, definition.type().wireName()));
    }
  }

  private static NotFoundException noSuchTable(TableName name) {
    return new NotFoundException(ErrorCode.NO_SUCH_TABLE, "Table does not exist: " + name);
  }
}
