package io.lakeward.ams.catalog;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.persistence.CatalogStore;
import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owns the lifecycle of catalog definitions: registration, update and removal. */
public final class CatalogRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogRegistry.class);

  private final CatalogStore catalogs;
  private final TableMetadataStore tables;
  private final Clock clock;
  private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

  private final Consumer<CatalogDefinition> connectivityCheck;

  /**
   * @param connectivityCheck called with a new or changed external catalog before it is stored;
   *     throws InvalidInputException when the catalog cannot be reached with its settings
   */
  public CatalogRegistry(CatalogStore catalogs, TableMetadataStore tables, Consumer<CatalogDefinition> connectivityCheck,
      Clock clock) {
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.tables = requireNonNull(tables, "tables is null");
    this.connectivityCheck = requireNonNull(connectivityCheck, "connectivityCheck is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public CatalogDefinition create(String name, CatalogType type, Map<String, String> storage, Map<String, String> properties) {
    long now = clock.millis();
    CatalogDefinition catalog = new CatalogDefinition(name, type, storage, properties, now, now);
    validate(catalog);
    if (catalogs.find(name).isPresent()) {
      throw new io.lakeward.common.exceptions.AlreadyExistsException(ErrorCode.ALREADY_EXISTS, "Catalog already exists: " + name);
    }
    connectivityCheck.accept(catalog);
    catalogs.insert(catalog);
    LOG.info("Registered {} catalog {}", type.wireName(), name);
    return catalog;
  }

  public CatalogDefinition update(String name, CatalogType type, Map<String, String> storage, Map<String, String> properties) {
    CatalogDefinition existing = get(name);
    checkArgument(existing.type() == type, "Cannot change the type of catalog %s from %s to %s",
        name, existing.type().wireName(), type.wireName());
    CatalogDefinition updated = new CatalogDefinition(name, type, storage, properties, existing.createdAtMillis(), clock.millis());
    validate(updated);
    connectivityCheck.accept(updated);
    if (!catalogs.update(updated)) {
      throw notFound(name);
    }
    changeListeners.forEach(l -> l.accept(name));
    LOG.info("Updated catalog {}", name);
    return updated;
  }

  /** Called with the catalog name after each update or delete, so caches of the catalog can be dropped. */
  public void onChange(Consumer<String> listener) {
    changeListeners.add(listener);
  }

  public CatalogDefinition get(String name) {
    return catalogs.find(name).orElseThrow(() -> notFound(name));
  }

  public List<CatalogDefinition> list() {
    return catalogs.list();
  }

  /**
   * Removes a catalog. An internal catalog that still has databases or tables is only removed with
   * force; its table files are never deleted here.
   */
  public void delete(String name, boolean force) {
    CatalogDefinition catalog = get(name);
    if (catalog.type() == CatalogType.INTERNAL && !force) {
      long databases = tables.countDatabases(name);
      long tableCount = tables.countTables(name);
      if (databases > 0 || tableCount > 0) {
        throw new ConflictException(ErrorCode.NOT_EMPTY, String.format(
            "Cannot delete catalog %s: it still holds %d databases and %d tables (use force to delete anyway)",
            name, databases, tableCount));
      }
    }
    if (!catalogs.delete(name)) {
      throw notFound(name);
    }
    changeListeners.forEach(l -> l.accept(name));
    LOG.info("Deleted catalog {}{}", name, force ? " (forced)" : "");
  }

  private static void validate(CatalogDefinition catalog) {
    if (catalog.type() == CatalogType.HIVE) {
      checkArgument(hasText(catalog.properties(), "uri") || hasText(catalog.properties(), "hive.metastore.uris"),
          "Invalid hive catalog %s: property 'uri' (the metastore thrift URI) is required", catalog.name());
    } else if (catalog.type() == CatalogType.HADOOP || catalog.type() == CatalogType.INTERNAL) {
      checkArgument(hasText(catalog.properties(), "warehouse") || hasText(catalog.storageConfigs(), "warehouse"),
          "Invalid %s catalog %s: property 'warehouse' is required", catalog.type().wireName(), catalog.name());
    } else if (catalog.type() == CatalogType.CUSTOM) {
      checkArgument(hasText(catalog.properties(), "catalog-impl"),
          "Invalid custom catalog %s: property 'catalog-impl' is required", catalog.name());
    }
  }

  private static boolean hasText(Map<String, String> map, String key) {
    String value = map.get(key);
    return value != null && !value.isBlank();
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException(ErrorCode.NO_SUCH_CATALOG, "Catalog does not exist: " + name);
  }
}
