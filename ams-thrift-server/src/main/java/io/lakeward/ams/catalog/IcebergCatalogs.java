package io.lakeward.ams.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.internal.AmsIcebergCatalog;
import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.UnsupportedException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Iceberg catalog object per registered catalog, built on first use and dropped when the
 * registry reports the catalog changed, so each request does not rebuild FileIO and Hadoop config.
 */
public final class IcebergCatalogs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergCatalogs.class);
  private static final String DEFAULT_FILE_IO = "org.apache.iceberg.hadoop.HadoopFileIO";

  private final CatalogRegistry registry;
  private final TableMetadataStore store;
  private final Clock clock;
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();

  public IcebergCatalogs(CatalogRegistry registry, TableMetadataStore store, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
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
    if (definition.type() != CatalogType.INTERNAL) {
      throw new UnsupportedException(ErrorCode.UNSUPPORTED, String.format(
          "Catalog %s is a %s catalog; only internal catalogs are served as Iceberg catalogs by this AMS version",
          definition.name(), definition.type().wireName()));
    }
    Map<String, String> properties = StorageSettings.icebergProperties(definition);
    String ioImpl = properties.getOrDefault(CatalogProperties.FILE_IO_IMPL, DEFAULT_FILE_IO);
    FileIO io = CatalogUtil.loadFileIO(ioImpl, properties, StorageSettings.hadoopConfiguration(definition));
    LOG.info("Serving internal catalog {} with {}", definition.name(), ioImpl);
    return new AmsIcebergCatalog(definition, store, io, clock);
  }

  private static void closeQuietly(Catalog catalog) {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        LOG.warn("Cannot close catalog {}: {}", catalog.name(), e.toString());
      }
    }
  }
}
