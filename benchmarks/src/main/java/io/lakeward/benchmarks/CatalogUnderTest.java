package io.lakeward.benchmarks;

import io.lakeward.catalog.LakewardCatalog;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * One catalog path under test: the client an engine would use, shared by all benchmark threads, and
 * the namespace its tables go to (both Lakeward paths reach the same AMS catalog).
 */
record CatalogUnderTest(String label, Catalog catalog, Namespace namespace) implements Closeable {

  static CatalogUnderTest lakewardThrift(String thriftUri, String fileIo) {
    LakewardCatalog catalog = new LakewardCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("lakeward_thrift", Map.of(CatalogProperties.URI, thriftUri, CatalogProperties.FILE_IO_IMPL, fileIo));
    return new CatalogUnderTest("Lakeward Thrift", catalog, Namespace.of("thrift_path"));
  }

  static CatalogUnderTest lakewardRest(String restUri, String warehouse, String fileIo) {
    return new CatalogUnderTest("Lakeward REST", restCatalog("lakeward_rest", Map.of(CatalogProperties.URI, restUri,
        CatalogProperties.WAREHOUSE_LOCATION, warehouse, CatalogProperties.FILE_IO_IMPL, fileIo)),
        Namespace.of("rest_path"));
  }

  static CatalogUnderTest reference(String uri, String fileIo) {
    return new CatalogUnderTest("Reference REST", restCatalog("reference_rest",
        Map.of(CatalogProperties.URI, uri, CatalogProperties.FILE_IO_IMPL, fileIo)),
        Namespace.of("reference_path"));
  }

  /** Iceberg's stock REST client, configured as an engine would configure it. */
  private static RESTCatalog restCatalog(String name, Map<String, String> properties) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(name, properties);
    return catalog;
  }

  /** The table of this path called {@code name}. */
  TableIdentifier table(String name) {
    return TableIdentifier.of(namespace, name);
  }

  @Override
  public void close() throws IOException {
    if (catalog instanceof Closeable closeable) {
      closeable.close();
    }
  }
}
