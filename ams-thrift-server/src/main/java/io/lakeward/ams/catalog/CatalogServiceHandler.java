package io.lakeward.ams.catalog;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.api.BlockRequest;
import io.lakeward.api.BlockableOperation;
import io.lakeward.api.Blocker;
import io.lakeward.api.CatalogMeta;
import io.lakeward.api.CatalogService;
import io.lakeward.api.CommitTableRequest;
import io.lakeward.api.DatabaseMeta;
import io.lakeward.api.PingResponse;
import io.lakeward.api.TableIdentifier;
import io.lakeward.api.TableMeta;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Entry point of the Thrift catalog service (port 1260): translates wire structs to catalog calls.
 * Errors are thrown as Lakeward exceptions and turned into Thrift exceptions by
 * {@link io.lakeward.ams.thrift.ThriftHandlers}.
 */
public final class CatalogServiceHandler implements CatalogService.Iface {
  private final CatalogRegistry registry;
  private final InternalMetastore metastore;
  private final TableBlockers blockers;
  private final CatalogBrowser browser;
  private final String version;
  private final Clock clock;

  public CatalogServiceHandler(CatalogRegistry registry, InternalMetastore metastore, TableBlockers blockers,
      CatalogBrowser browser, String version, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.metastore = requireNonNull(metastore, "metastore is null");
    this.blockers = requireNonNull(blockers, "blockers is null");
    this.browser = requireNonNull(browser, "browser is null");
    this.version = requireNonNull(version, "version is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public PingResponse ping() {
    return new PingResponse().setServiceName("catalog").setVersion(version).setServerTimeMillis(clock.millis());
  }

  @Override
  public List<CatalogMeta> listCatalogs() {
    return registry.list().stream().map(CatalogServiceHandler::toMeta).toList();
  }

  @Override
  public CatalogMeta getCatalog(String name) {
    return toMeta(registry.get(name));
  }

  @Override
  public List<String> listDatabases(String catalog) {
    if (!isInternal(catalog)) {
      return browser.databases(catalog);
    }
    return metastore.listDatabases(catalog).stream().map(DatabaseRecord::name).toList();
  }

  @Override
  public DatabaseMeta getDatabase(String catalog, String database) {
    if (!isInternal(catalog)) {
      Map<String, String> properties = browser.database(catalog, database);
      String location = properties.remove("location");
      return new DatabaseMeta().setCatalog(catalog).setName(database).setLocation(location).setProperties(properties);
    }
    return toMeta(metastore.getDatabase(catalog, database));
  }

  @Override
  public void createDatabase(DatabaseMeta database) {
    checkArgument(database != null, "Invalid database: null");
    metastore.createDatabase(database.getCatalog(), database.getName(), database.getLocation(), database.getProperties());
  }

  @Override
  public void alterDatabase(DatabaseMeta database) {
    checkArgument(database != null, "Invalid database: null");
    metastore.alterDatabase(database.getCatalog(), database.getName(), database.getProperties());
  }

  @Override
  public void renameTable(TableIdentifier source, TableIdentifier target) {
    TableName from = toName(source);
    TableName to = toName(target);
    checkArgument(from.catalog().equals(to.catalog()), "Cannot rename %s to %s: tables cannot move between catalogs", from, to);
    metastore.renameTable(from, to);
  }

  @Override
  public void dropDatabase(String catalog, String database) {
    metastore.dropDatabase(catalog, database);
  }

  @Override
  public List<TableIdentifier> listTables(String catalog, String database) {
    if (!isInternal(catalog)) {
      return browser.tables(catalog, database).stream()
          .map(t -> new TableIdentifier().setCatalog(catalog).setDatabase(database).setTable(t)).toList();
    }
    return metastore.listTables(catalog, database).stream().map(CatalogServiceHandler::toIdentifier).toList();
  }

  @Override
  public TableMeta getTable(TableIdentifier identifier) {
    TableName name = toName(identifier);
    if (!isInternal(name.catalog())) {
      org.apache.iceberg.TableMetadata metadata = browser.metadata(name);
      return new TableMeta().setIdentifier(toIdentifier(name)).setFormat(TableRecord.ICEBERG_TABLE)
          .setLocation(metadata.location()).setMetadataLocation(metadata.metadataFileLocation())
          .setProperties(new HashMap<>(metadata.properties()));
    }
    return toMeta(metastore.getTable(name));
  }

  private boolean isInternal(String catalog) {
    return registry.get(catalog).type() == CatalogType.INTERNAL;
  }

  @Override
  public TableMeta createTable(TableMeta table) {
    checkArgument(table != null, "Invalid table: null");
    return toMeta(metastore.createTable(toName(table.getIdentifier()), table.getFormat(), table.getLocation(),
        table.getMetadataLocation(), table.getProperties()));
  }

  @Override
  public void dropTable(TableIdentifier identifier, boolean purge) {
    checkArgument(!purge, "Cannot purge table %s: purge is not supported by this AMS version", identifier);
    metastore.dropTable(toName(identifier));
  }

  @Override
  public TableMeta commitTable(CommitTableRequest request) {
    checkArgument(request != null, "Invalid commit: null");
    checkArgument(request.getNewMetadataLocation() != null && !request.getNewMetadataLocation().isBlank(),
        "Invalid commit: no new metadata location");
    checkArgument(request.getExpectedMetadataLocation() != null, "Invalid commit: no expected metadata location");
    return toMeta(metastore.commit(toName(request.getIdentifier()), request.getExpectedMetadataLocation(),
        request.getNewMetadataLocation(), request.getProperties()));
  }

  @Override
  public Blocker block(BlockRequest request) {
    checkArgument(request != null, "Invalid block request: null");
    checkArgument(request.getOperations() != null && !request.getOperations().isEmpty()
        && request.getOperations().stream().allMatch(o -> o != null), "Invalid block request: unknown or no operations");
    List<String> operations = request.getOperations().stream().map(BlockableOperation::name).distinct().toList();
    Long ttl = request.isSetTtlMillis() ? request.getTtlMillis() : null;
    return toBlocker(blockers.block(toName(request.getIdentifier()), operations, ttl, request.getProperties()));
  }

  @Override
  public long renewBlocker(TableIdentifier identifier, String blockerId) {
    return blockers.renew(toName(identifier), blockerId);
  }

  @Override
  public void releaseBlocker(TableIdentifier identifier, String blockerId) {
    blockers.release(toName(identifier), blockerId);
  }

  @Override
  public List<Blocker> listBlockers(TableIdentifier identifier) {
    return blockers.live(toName(identifier)).stream().map(CatalogServiceHandler::toBlocker).toList();
  }

  static TableName toName(TableIdentifier identifier) {
    checkArgument(identifier != null, "Invalid table identifier: null");
    return new TableName(identifier.getCatalog(), identifier.getDatabase(), identifier.getTable());
  }

  private static TableIdentifier toIdentifier(TableName name) {
    return new TableIdentifier().setCatalog(name.catalog()).setDatabase(name.database()).setTable(name.table());
  }

  private static CatalogMeta toMeta(CatalogDefinition catalog) {
    return new CatalogMeta()
        .setName(catalog.name())
        .setType(catalog.type().wireName())
        .setStorageConfigs(new HashMap<>(catalog.storageConfigs()))
        .setProperties(new HashMap<>(catalog.properties()));
  }

  private static DatabaseMeta toMeta(DatabaseRecord database) {
    return new DatabaseMeta().setCatalog(database.catalog()).setName(database.name())
        .setLocation(database.location()).setProperties(new HashMap<>(database.properties()));
  }

  private static TableMeta toMeta(TableRecord table) {
    return new TableMeta()
        .setIdentifier(toIdentifier(table.name()))
        .setFormat(table.format())
        .setLocation(table.location())
        .setMetadataLocation(table.metadataLocation())
        .setPreviousMetadataLocation(table.previousMetadataLocation())
        .setProperties(new HashMap<>(table.properties()))
        .setCreatedAtMillis(table.createdAtMillis())
        .setUpdatedAtMillis(table.updatedAtMillis());
  }

  private static Blocker toBlocker(BlockerRecord blocker) {
    return new Blocker()
        .setBlockerId(blocker.blockerId())
        .setIdentifier(toIdentifier(blocker.table()))
        .setOperations(blocker.operations().stream().map(BlockableOperation::valueOf).collect(Collectors.toList()))
        .setCreatedAtMillis(blocker.createdAtMillis())
        .setExpiresAtMillis(blocker.expiresAtMillis())
        .setProperties(new HashMap<>(blocker.properties()));
  }
}
