package io.lakeward.ams.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.CatalogDefinition;
import io.lakeward.ams.catalog.DatabaseRecord;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.catalog.TableRecord;
import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.AlreadyExistsException;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.NotFoundException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.view.BaseMetastoreViewCatalog;
import org.apache.iceberg.view.ViewOperations;

/**
 * An internal catalog seen as an Iceberg catalog with namespaces and views. Namespaces have exactly
 * one level (the AMS database); table and view pointers live in the AMS database.
 */
public final class AmsIcebergCatalog extends BaseMetastoreViewCatalog implements SupportsNamespaces, Closeable {
  private static final String LOCATION = "location";

  private final CatalogDefinition definition;
  private final TableMetadataStore store;
  private final FileIO io;
  private final Clock clock;
  private final String warehouse;

  public AmsIcebergCatalog(CatalogDefinition definition, TableMetadataStore store, FileIO io, Clock clock) {
    this.definition = requireNonNull(definition, "definition is null");
    this.store = requireNonNull(store, "store is null");
    this.io = requireNonNull(io, "io is null");
    this.clock = requireNonNull(clock, "clock is null");
    String configured = definition.properties().getOrDefault("warehouse", definition.storageConfigs().get("warehouse"));
    this.warehouse = stripTrailingSlash(requireNonNull(configured, "warehouse is null"));
    // Hands table-default.* / table-override.* (and our table.* defaults) to Iceberg's table builders.
    super.initialize(definition.name(), tableProperties(definition.properties()));
  }

  /** Catalog properties with the AMS convention table.&lt;key&gt; mapped to Iceberg's table-default.&lt;key&gt;. */
  private static Map<String, String> tableProperties(Map<String, String> properties) {
    Map<String, String> result = new HashMap<>(properties);
    properties.forEach((key, value) -> {
      if (key.startsWith("table.")) {
        result.putIfAbsent("table-default." + key.substring("table.".length()), value);
      }
    });
    return result;
  }

  @Override
  public void initialize(String name, Map<String, String> properties) {
    throw new UnsupportedOperationException("AmsIcebergCatalog is configured by its catalog definition");
  }

  @Override
  public String name() {
    return definition.name();
  }

  public FileIO io() {
    return io;
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier identifier) {
    return new AmsTableOperations(tableName(identifier), identifier, store, io, clock);
  }

  @Override
  protected ViewOperations newViewOps(TableIdentifier identifier) {
    return new AmsViewOperations(tableName(identifier), identifier, store, io, clock);
  }

  AmsTableOperations tableOperations(TableIdentifier identifier) {
    return (AmsTableOperations) newTableOps(identifier);
  }

  void commitPointers(List<TableMetadataStore.PointerSwap> swaps) {
    store.commitAll(swaps, clock.millis());
  }

  /** Commits changes to several tables atomically: all land or none does. */
  public void commitTransaction(org.apache.iceberg.rest.requests.CommitTransactionRequest request) {
    MultiTableCommit.commit(this, request);
  }

  public TableName tableName(TableIdentifier identifier) {
    return new TableName(name(), database(identifier.namespace()), identifier.name());
  }

  @Override
  protected boolean isValidIdentifier(TableIdentifier identifier) {
    return identifier.namespace().levels().length == 1;
  }

  @Override
  protected String defaultWarehouseLocation(TableIdentifier identifier) {
    String database = database(identifier.namespace());
    String location = store.findDatabase(name(), database).map(DatabaseRecord::location).orElse(null);
    String base = location != null ? stripTrailingSlash(location) : warehouse + "/" + database;
    return base + "/" + identifier.name();
  }

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    return list(namespace, TableRecord.ICEBERG_TABLE);
  }

  @Override
  public List<TableIdentifier> listViews(Namespace namespace) {
    return list(namespace, TableRecord.ICEBERG_VIEW);
  }

  @Override
  public boolean dropTable(TableIdentifier identifier, boolean purge) {
    if (!isValidIdentifier(identifier)) {
      return false;
    }
    TableMetadata metadata = null;
    if (purge) {
      try {
        metadata = newTableOps(identifier).current();
      } catch (NoSuchTableException e) {
        return false;
      }
    }
    boolean dropped = store.dropTable(tableName(identifier), TableRecord.ICEBERG_TABLE);
    if (dropped && metadata != null) {
      CatalogUtil.dropTableData(io, metadata);
    }
    return dropped;
  }

  @Override
  public boolean dropView(TableIdentifier identifier) {
    return isValidIdentifier(identifier) && store.dropTable(tableName(identifier), TableRecord.ICEBERG_VIEW);
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    rename(from, to, TableRecord.ICEBERG_TABLE);
  }

  @Override
  public void renameView(TableIdentifier from, TableIdentifier to) {
    rename(from, to, TableRecord.ICEBERG_VIEW);
  }

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    Map<String, String> properties = new HashMap<>(metadata);
    String location = properties.remove(LOCATION);
    try {
      store.createDatabase(new DatabaseRecord(name(), database(namespace), location, properties, clock.millis()));
    } catch (AlreadyExistsException e) {
      throw new org.apache.iceberg.exceptions.AlreadyExistsException("Namespace already exists: %s", namespace);
    }
  }

  @Override
  public List<Namespace> listNamespaces(Namespace namespace) {
    if (!namespace.isEmpty()) {
      // One level only: an existing namespace has no children.
      loadNamespaceMetadata(namespace);
      return List.of();
    }
    return store.listDatabases(name()).stream().map(d -> Namespace.of(d.name())).toList();
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    DatabaseRecord database = findDatabase(namespace);
    Map<String, String> properties = new HashMap<>(database.properties());
    properties.put(LOCATION, database.location() != null ? database.location() : warehouse + "/" + database.name());
    return properties;
  }

  @Override
  public boolean dropNamespace(Namespace namespace) {
    if (namespace.levels().length != 1) {
      return false;
    }
    try {
      store.dropDatabase(name(), namespace.level(0));
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (ConflictException e) {
      throw new NamespaceNotEmptyException("Namespace %s is not empty", namespace);
    }
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    return updateProperties(namespace, properties, Set.of());
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    return updateProperties(namespace, Map.of(), properties);
  }

  @Override
  public void close() throws IOException {
    io.close();
  }

  private boolean updateProperties(Namespace namespace, Map<String, String> set, Set<String> remove) {
    DatabaseRecord database = findDatabase(namespace);
    if (set.containsKey(LOCATION) || remove.contains(LOCATION)) {
      throw new UnsupportedOperationException("Cannot change the location of namespace " + namespace);
    }
    Map<String, String> properties = new HashMap<>(database.properties());
    remove.forEach(properties::remove);
    properties.putAll(set);
    return store.updateDatabaseProperties(name(), database.name(), properties);
  }

  private DatabaseRecord findDatabase(Namespace namespace) {
    if (namespace.levels().length != 1) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return store.findDatabase(name(), namespace.level(0))
        .orElseThrow(() -> new NoSuchNamespaceException("Namespace does not exist: %s", namespace));
  }

  private List<TableIdentifier> list(Namespace namespace, String format) {
    try {
      return store.listTables(name(), database(namespace), format).stream()
          .map(t -> TableIdentifier.of(t.database(), t.table())).toList();
    } catch (NotFoundException e) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
  }

  private void rename(TableIdentifier from, TableIdentifier to, String format) {
    try {
      store.rename(tableName(from), tableName(to), format, clock.millis());
    } catch (AlreadyExistsException e) {
      boolean targetIsView = store.findTable(tableName(to)).map(TableRecord::isView).orElse(false);
      boolean renamingView = TableRecord.ICEBERG_VIEW.equals(format);
      if (!renamingView && !targetIsView) {
        throw new org.apache.iceberg.exceptions.AlreadyExistsException("Table already exists: %s", to);
      }
      throw new org.apache.iceberg.exceptions.AlreadyExistsException("Cannot rename %s to %s. %s already exists",
          from, to, targetIsView ? "View" : "Table");
    } catch (NotFoundException e) {
      if (store.findDatabase(name(), to.namespace().level(0)).isEmpty()) {
        throw new NoSuchNamespaceException("Namespace does not exist: %s", to.namespace());
      }
      throw TableRecord.ICEBERG_VIEW.equals(format)
          ? new NoSuchViewException("View does not exist: %s", from)
          : new NoSuchTableException("Table does not exist: %s", from);
    }
  }

  private static String database(Namespace namespace) {
    if (namespace.levels().length != 1) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT,
          "Invalid namespace '" + namespace + "': the internal catalog has exactly one namespace level");
    }
    return namespace.level(0);
  }

  private static String stripTrailingSlash(String path) {
    String result = path;
    while (result.endsWith("/") && result.length() > 1) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
