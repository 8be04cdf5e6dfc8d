package io.lakeward.ams.rest.iceberg;

import io.lakeward.ams.testing.TestAms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.CatalogTests;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Iceberg's own catalog contract, run through Iceberg's stock REST client against the AMS's Iceberg
 * REST catalog: every test gets a fresh internal catalog.
 */
class IcebergCatalogContractTest extends CatalogTests<RESTCatalog> {
  private static Path home;
  private static TestAms ams;
  private RESTCatalog catalog;
  private String catalogName;

  @BeforeAll
  static void startAms() throws Exception {
    home = Files.createTempDirectory("lakeward-rest-contract");
    ams = TestAms.start(TestAms.derby(home), home);
  }

  @AfterAll
  static void stopAms() {
    ams.close();
  }

  @BeforeEach
  void newCatalog() {
    // The catalog-level table defaults and overrides that Iceberg's contract expects of its catalog.
    catalogName = RestCatalogSupport.newCatalog(ams, home.resolve("warehouse"), Map.of(
        "table-default.default-key1", "catalog-default-key1",
        "table-default.default-key2", "catalog-default-key2",
        "table-default.override-key3", "catalog-default-key3",
        "table-override.override-key3", "catalog-override-key3",
        "table-override.override-key4", "catalog-override-key4"));
    catalog = RestCatalogSupport.open(ams, catalogName, Map.of());
  }

  @AfterEach
  void closeCatalog() throws IOException {
    catalog.close();
  }

  @Override
  protected RESTCatalog catalog() {
    return catalog;
  }

  @Override
  protected RESTCatalog initCatalog(String name, Map<String, String> properties) {
    // Catalog-level settings such as table-default.* belong to the AMS catalog, so register one with them.
    String configured = RestCatalogSupport.newCatalog(ams, home.resolve("warehouse"), properties);
    return RestCatalogSupport.open(ams, configured, properties);
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return true;
  }

  @Override
  protected boolean supportsNestedNamespaces() {
    return false;
  }

  @Override
  protected boolean supportsServerSideRetry() {
    return true;
  }

  @Override
  protected boolean supportsNamesWithSlashes() {
    return false;
  }

  @Override
  protected boolean supportsEmptyNamespace() {
    return false;
  }
}
