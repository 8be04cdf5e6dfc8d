package io.lakeward.ams.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.internal.AmsIcebergCatalog;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.UnsupportedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Iceberg catalog object per registered catalog, built on first use and dropped when the
 * registry reports the catalog changed, so each request does not rebuild FileIO and Hadoop config.
 */
public final class IcebergCatalogs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergCatalogs.class);

  private final CatalogRegistry registry;
  private final CatalogConnectors connectors;
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();

  public IcebergCatalogs(CatalogRegistry registry, CatalogConnectors connectors) {
    this.registry = requireNonNull(registry, "registry is null");
    this.connectors = requireNonNull(connectors, "connectors is null");
    registry.onChange(this::invalidate);
  }

  /** The Iceberg catalog serving a registered catalog; NotFoundException when it is not registered. */
  public Catalog catalog(String name) {
    Catalog cached = catalogs.get(name);
    if (cached != null) {
      return cached;
    }
    CatalogDefinition definition = registry.get(name);
    return catalogs.computeIfAbsent(name, n -> build(definition));
  }

  /** The internal catalog by name; UnsupportedException for other catalog types. */
  public AmsIcebergCatalog internal(String name) {
    Catalog catalog = catalog(name);
    if (catalog instanceof AmsIcebergCatalog internal) {
      return internal;
    }
    throw new UnsupportedException(ErrorCode.UNSUPPORTED, "Catalog " + name + " is not an internal catalog");
  }

  /** Storage properties engines need to read the catalog's files (FileIO implementation, S3 settings). */
  public Map<String, String> clientProperties(String name) {
    return StorageSettings.icebergProperties(registry.get(name));
  }

  public void invalidate(String name) {
    Catalog removed = catalogs.remove(name);
    closeQuietly(removed);
  }

  @Override
  public void close() {
    catalogs.values().forEach(IcebergCatalogs::closeQuietly);
    catalogs.clear();
  }

  private Catalog build(CatalogDefinition definition) {
    LOG.info("Connecting {} catalog {}", definition.type().wireName(), definition.name());
    return connectors.connect(definition);
  }

  private static void closeQuietly(Catalog catalog) {
    CatalogConnectors.closeQuietly(catalog);
  }
}
