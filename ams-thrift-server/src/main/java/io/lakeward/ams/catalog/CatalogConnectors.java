package io.lakeward.ams.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.internal.AmsIcebergCatalog;
import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.io.FileIO;

/**
 * Builds the Iceberg catalog behind a catalog definition: the AMS's own for internal catalogs,
 * Iceberg's HiveCatalog, HadoopCatalog or any Catalog class for the others. The plug-in point for
 * catalog types.
 */
public final class CatalogConnectors {
  private static final String DEFAULT_FILE_IO = "org.apache.iceberg.hadoop.HadoopFileIO";
  private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(30);

  private final TableMetadataStore store;
  private final Clock clock;

  public CatalogConnectors(TableMetadataStore store, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public Catalog connect(CatalogDefinition definition) {
    Map<String, String> properties = StorageSettings.icebergProperties(definition);
    Configuration conf = StorageSettings.hadoopConfiguration(definition);
    return switch (definition.type()) {
      case INTERNAL -> {
        String ioImpl = properties.getOrDefault(CatalogProperties.FILE_IO_IMPL, DEFAULT_FILE_IO);
        FileIO io = CatalogUtil.loadFileIO(ioImpl, properties, conf);
        yield new AmsIcebergCatalog(definition, store, io, clock);
      }
      case HIVE -> {
        Map<String, String> hive = new HashMap<>(properties);
        hive.putIfAbsent(CatalogProperties.URI, properties.get("hive.metastore.uris"));
        // Fail within a minute, not Hive's default ten, when the metastore does not answer.
        conf.setIfUnset("hive.metastore.client.socket.timeout", "60s");
        conf.setIfUnset("hive.metastore.connect.retries", "2");
        yield CatalogUtil.loadCatalog(CatalogUtil.ICEBERG_CATALOG_HIVE, definition.name(), hive, conf);
      }
      case HADOOP -> CatalogUtil.loadCatalog(CatalogUtil.ICEBERG_CATALOG_HADOOP, definition.name(), properties, conf);
      case CUSTOM -> CatalogUtil.loadCatalog(properties.get(CatalogProperties.CATALOG_IMPL), definition.name(), properties, conf);
    };
  }

  /**
   * Connects to an external catalog and lists its namespaces once, within a bound, so a wrong URI
   * or an unreachable metastore is refused at registration instead of failing every scan later.
   */
  public void verify(CatalogDefinition definition) {
    if (definition.type() == CatalogType.INTERNAL) {
      return;
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "catalog-verify-" + definition.name());
      thread.setDaemon(true);
      return thread;
    });
    Future<?> probe = executor.submit(() -> {
      Catalog catalog = connect(definition);
      try {
        if (catalog instanceof SupportsNamespaces namespaces) {
          topLevelNamespaces(namespaces);
        }
      } finally {
        closeQuietly(catalog);
      }
      return null;
    });
    try {
      probe.get(VERIFY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      probe.cancel(true);
      throw unreachable(definition, "no answer within " + VERIFY_TIMEOUT.toSeconds() + "s");
    } catch (ExecutionException e) {
      throw unreachable(definition, rootMessage(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(definition, "interrupted");
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * The catalog's top-level namespaces. Some catalogs (Iceberg's InMemoryCatalog among them) answer
   * a listing of the root with NoSuchNamespaceException when they hold none.
   */
  public static java.util.List<Namespace> topLevelNamespaces(SupportsNamespaces catalog) {
    try {
      return catalog.listNamespaces(Namespace.empty());
    } catch (org.apache.iceberg.exceptions.NoSuchNamespaceException e) {
      return java.util.List.of();
    }
  }

  static void closeQuietly(Catalog catalog) {
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        // A catalog that cannot close cleanly is being thrown away anyway.
      }
    }
  }

  private static InvalidInputException unreachable(CatalogDefinition definition, String reason) {
    return new InvalidInputException(ErrorCode.INVALID_INPUT, String.format(
        "Invalid %s catalog %s: cannot connect with the given settings: %s", definition.type().wireName(),
        definition.name(), reason));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
