package io.lakeward.catalog;

import io.lakeward.api.CatalogMeta;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.Configurable;
import org.apache.iceberg.io.FileIO;

/**
 * The Iceberg catalog engines configure to use an AMS catalog:
 *
 * <pre>
 * spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog
 * spark.sql.catalog.lake.catalog-impl=io.lakeward.catalog.LakewardCatalog
 * spark.sql.catalog.lake.uri=thrift://ams-host:1260/lake
 * </pre>
 *
 * The AMS tells the catalog's type and storage settings. Internal catalogs are served through the
 * AMS; for Hive, Hadoop and custom catalogs the engine talks to the underlying catalog directly, with
 * the settings the AMS registered, so that one URI is all an engine needs.
 *
 * <p>Options: {@code lakeward.client.pool-size} (connections, default 4) and
 * {@code lakeward.client.timeout-ms} (per call, default 60000).
 */
public class LakewardCatalog implements Catalog, SupportsNamespaces, Configurable<Configuration>, Closeable {
  public static final String POOL_SIZE = "lakeward.client.pool-size";
  public static final String TIMEOUT_MS = "lakeward.client.timeout-ms";

  private Configuration hadoopConf;
  private Catalog delegate;
  private AmsCatalogClient client;
  private String name;

  @Override
  public void setConf(Configuration conf) {
    this.hadoopConf = conf;
  }

  @Override
  public void initialize(String catalogName, Map<String, String> options) {
    this.name = catalogName;
    String uri = options.get(CatalogProperties.URI);
    if (uri == null) {
      throw new IllegalArgumentException("Invalid catalog " + catalogName + ": uri (thrift://<ams-host>:1260/<catalog>) is required");
    }
    ThriftEndpoint endpoint = ThriftEndpoint.parse(uri);
    String amsCatalog = endpoint.catalog().orElseThrow(() -> new IllegalArgumentException(
        "Invalid catalog uri " + uri + ": it must name the AMS catalog, thrift://<ams-host>:1260/<catalog>"));
    int poolSize = Integer.parseInt(options.getOrDefault(POOL_SIZE, "4"));
    Duration timeout = Duration.ofMillis(Long.parseLong(options.getOrDefault(TIMEOUT_MS, "60000")));
    this.client = new AmsCatalogClient(endpoint, poolSize, timeout);
    try {
      this.delegate = connect(catalogName, amsCatalog, options);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private Catalog connect(String catalogName, String amsCatalog, Map<String, String> options) {
    CatalogMeta meta = client.idempotent(c -> c.getCatalog(amsCatalog));

    // The AMS's settings first; engine options override them, except the uri, which for the engine
    // names the AMS and for an external catalog must stay the metastore's.
    Map<String, String> properties = new HashMap<>();
    meta.getStorageConfigs().forEach((k, v) -> {
      if (!k.startsWith("hadoop.")) {
        properties.put(k, v);
      }
    });
    properties.putAll(meta.getProperties());
    options.forEach((k, v) -> {
      if (!k.equals(CatalogProperties.URI)) {
        properties.put(k, v);
      }
    });
    Configuration conf = new Configuration(hadoopConf == null ? new Configuration() : hadoopConf);
    meta.getStorageConfigs().forEach((k, v) -> {
      if (k.startsWith("hadoop.conf.")) {
        conf.set(k.substring("hadoop.conf.".length()), v);
      }
    });
    return switch (meta.getType()) {
      case "internal" -> internal(catalogName, amsCatalog, properties, conf);
      case "hive" -> native_(catalogName, CatalogUtil.ICEBERG_CATALOG_HIVE, properties, conf);
      case "hadoop" -> native_(catalogName, CatalogUtil.ICEBERG_CATALOG_HADOOP, properties, conf);
      case "custom" -> native_(catalogName, properties.get(CatalogProperties.CATALOG_IMPL), properties, conf);
      default -> throw new IllegalArgumentException("Unknown AMS catalog type " + meta.getType() + " of " + amsCatalog);
    };
  }

  private Catalog internal(String catalogName, String amsCatalog, Map<String, String> properties, Configuration conf) {
    String ioImpl = properties.getOrDefault(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.hadoop.HadoopFileIO");
    FileIO io = CatalogUtil.loadFileIO(ioImpl, properties, conf);
    return new ThriftIcebergCatalog(catalogName, amsCatalog, client, io, properties);
  }

  private static Catalog native_(String catalogName, String impl, Map<String, String> properties, Configuration conf) {
    Map<String, String> nativeProperties = new HashMap<>(properties);
    String metastore = properties.get("hive.metastore.uris");
    if (metastore != null) {
      nativeProperties.putIfAbsent(CatalogProperties.URI, metastore);
    }
    return CatalogUtil.loadCatalog(impl, catalogName, nativeProperties, conf);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TableIdentifier> listTables(Namespace namespace) {
    return delegate.listTables(namespace);
  }

  @Override
  public Table createTable(TableIdentifier identifier, Schema schema, PartitionSpec spec, String location,
      Map<String, String> properties) {
    return delegate.createTable(identifier, schema, spec, location, properties);
  }

  @Override
  public TableBuilder buildTable(TableIdentifier identifier, Schema schema) {
    return delegate.buildTable(identifier, schema);
  }

  @Override
  public Table loadTable(TableIdentifier identifier) {
    return delegate.loadTable(identifier);
  }

  @Override
  public boolean tableExists(TableIdentifier identifier) {
    return delegate.tableExists(identifier);
  }

  @Override
  public boolean dropTable(TableIdentifier identifier, boolean purge) {
    return delegate.dropTable(identifier, purge);
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    delegate.renameTable(from, to);
  }

  @Override
  public void invalidateTable(TableIdentifier identifier) {
    delegate.invalidateTable(identifier);
  }

  @Override
  public Table registerTable(TableIdentifier identifier, String metadataFileLocation) {
    return delegate.registerTable(identifier, metadataFileLocation);
  }

  @Override
  public void createNamespace(Namespace namespace, Map<String, String> metadata) {
    namespaces().createNamespace(namespace, metadata);
  }

  @Override
  public List<Namespace> listNamespaces(Namespace namespace) {
    return namespaces().listNamespaces(namespace);
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(Namespace namespace) {
    return namespaces().loadNamespaceMetadata(namespace);
  }

  @Override
  public boolean dropNamespace(Namespace namespace) {
    return namespaces().dropNamespace(namespace);
  }

  @Override
  public boolean setProperties(Namespace namespace, Map<String, String> properties) {
    return namespaces().setProperties(namespace, properties);
  }

  @Override
  public boolean removeProperties(Namespace namespace, Set<String> properties) {
    return namespaces().removeProperties(namespace, properties);
  }

  @Override
  public boolean namespaceExists(Namespace namespace) {
    return namespaces().namespaceExists(namespace);
  }

  @Override
  public void close() throws IOException {
    if (delegate instanceof Closeable closeable) {
      closeable.close();
    }
    if (client != null) {
      client.close();
    }
  }

  private SupportsNamespaces namespaces() {
    if (delegate instanceof SupportsNamespaces supports) {
      return supports;
    }
    throw new UnsupportedOperationException("Catalog " + name + " does not support namespaces");
  }
}
