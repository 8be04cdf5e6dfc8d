package io.lakeward.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.DatabaseMeta;
import io.lakeward.api.TableIdentifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.BaseMetastoreCatalog;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileIO;

/**
 * An internal AMS catalog seen from an engine: metadata pointers through the AMS Thrift service,
 * metadata and data files written by the engine through its FileIO. One namespace level (the AMS
 * database).
 */
final class ThriftIcebergCatalog extends BaseMetastoreCatalog implements SupportsNamespaces {
  private static final String LOCATION = "location";

  private final String name;
  private final String amsCatalog;
  private final AmsCatalogClient client;
  private final FileIO io;
  private final String warehouse;

  ThriftIcebergCatalog(String name, String amsCatalog, AmsCatalogClient client, FileIO io,
      Map<String, String> properties) {
    this.name = requireNonNull(name, "name is null");
    this.amsCatalog = requireNonNull(amsCatalog, "amsCatalog is null");
    this.client = requireNonNull(client, "client is null");
    this.io = requireNonNull(io, "io is null");
    String configured = properties.get("warehouse");
    this.warehouse = configured == null ? null : configured.replaceAll("/+$", "");
    super.initialize(name, properties);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  protected TableOperations newTableOps(org.apache.iceberg.catalog.TableIdentifier identifier) {
    return new ThriftTableOperations(client, toThrift(identifier), io);
  }

  @Override
  protected boolean isValidIdentifier(org.apache.iceberg.catalog.TableIdentifier identifier) {
    return identifier.namespace().levels().length == 1;
  }

  @Override
  protected String defaultWarehouseLocation(org.apache.iceberg.catalog.TableIdentifier identifier) {
    String database = database(identifier.namespace());
    String location = client.idempotent(c -> c.getDatabase(amsCatalog, database)).getLocation();
    if (location != null && !location.isBlank()) {
      return location.replaceAll("/+$", "") + "/" + identifier.name();
    }
    if (warehouse == null) {
      throw new IllegalStateException("Catalog " + amsCatalog + " has no warehouse and database " + database + " no location");
    }
    return warehouse + "/" + database + "/" + identifier.name();
  }

  @Override
  public List<org.apache.iceberg.catalog.TableIdentifier> listTables(Namespace namespace) {
    String database = database(namespace);
    return client.idempotent(c -> c.listTables(amsCatalog, database)).stream()
        .map(t -> org.apache.iceberg.catalog.TableIdentifier.of(t.getDatabase(), t.getTable()))
        .toList();
  }

  @Override
  public boolean dropTable(org.apache.iceberg.catalog.TableIdentifier identifier, boolean purge) {
    if (!isValidIdentifier(identifier)) {
      return false;
    }
    TableMetadata metadata;
    try {
      metadata = purge ? newTableOps(identifier).current() : null;
      client.idempotent(c -> {
        c.dropTable(toThrift(identifier), false);
        return null;
      });
    } catch (NoSuchTableException e) {
      return false;
    }
    if (metadata != null) {
      // The engine owns the files: it deletes them once the AMS no longer points at the table.
      CatalogUtil.dropTableData(io, metadata);
    }
    return true;
  }

  @Override
  public void renameTable(org.apache.iceberg.catalog.TableIdentifier from, org.apache.iceberg.catalog.TableIdentifier to) {
    client.idempotent(c -> {
      c.renameTable(toThrift(from), toThrift(to));
      return null;
    });
  }

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    Map<String, String> properties = new HashMap<>(metadata);
    String location = properties.remove(LOCATION);
    DatabaseMeta database = new DatabaseMeta().setCatalog(amsCatalog).setName(database(namespace))
        .setLocation(location).setProperties(properties);
    client.idempotent(c -> {
      c.createDatabase(database);
      return null;
    });
  }

  @Override
  public List<Namespace> listNamespaces(Namespace namespace) {
    if (!namespace.isEmpty()) {
      loadNamespaceMetadata(namespace);
      return List.of();
    }
    return client.idempotent(c -> c.listDatabases(amsCatalog)).stream().map(Namespace::of).toList();
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    DatabaseMeta database = getDatabase(namespace);
    Map<String, String> properties = new HashMap<>(database.getProperties() == null ? Map.of() : database.getProperties());
    String location = database.getLocation() != null ? database.getLocation()
        : warehouse == null ? null : warehouse + "/" + database.getName();
    if (location != null) {
      properties.put(LOCATION, location);
    }
    return properties;
  }

  @Override
  public boolean dropNamespace(Namespace namespace) {
    if (namespace.levels().length != 1) {
      return false;
    }
    try {
      client.idempotent(c -> {
        c.dropDatabase(amsCatalog, namespace.level(0));
        return null;
      });
      return true;
    } catch (NoSuchNamespaceException | org.apache.iceberg.exceptions.NotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    return alter(namespace, properties, Set.of());
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    return alter(namespace, Map.of(), properties);
  }

  private boolean alter(Namespace namespace, Map<String, String> set, Set<String> remove) {
    DatabaseMeta database = getDatabase(namespace);
    Map<String, String> properties = new HashMap<>(database.getProperties() == null ? Map.of() : database.getProperties());
    remove.forEach(properties::remove);
    properties.putAll(set);
    DatabaseMeta altered = new DatabaseMeta().setCatalog(amsCatalog).setName(database.getName()).setProperties(properties);
    client.idempotent(c -> {
      c.alterDatabase(altered);
      return null;
    });
    return true;
  }

  private DatabaseMeta getDatabase(Namespace namespace) {
    if (namespace.levels().length != 1) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return client.idempotent(c -> c.getDatabase(amsCatalog, namespace.level(0)));
  }

  private TableIdentifier toThrift(org.apache.iceberg.catalog.TableIdentifier identifier) {
    return new TableIdentifier().setCatalog(amsCatalog).setDatabase(database(identifier.namespace()))
        .setTable(identifier.name());
  }

  private static String database(Namespace namespace) {
    if (namespace.levels().length != 1) {
      throw new IllegalArgumentException("Invalid namespace '" + namespace + "': AMS catalogs have exactly one level");
    }
    return namespace.level(0);
  }
}
