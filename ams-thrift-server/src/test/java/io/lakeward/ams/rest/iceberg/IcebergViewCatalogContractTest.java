package io.lakeward.ams.rest.iceberg;

import io.lakeward.ams.testing.TestAms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ViewCatalogTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Iceberg's own view catalog contract, through the stock REST client against the AMS. */
class IcebergViewCatalogContractTest extends ViewCatalogTests<RESTCatalog> {
  private static Path home;
  private static TestAms ams;
  private RESTCatalog catalog;

  @BeforeAll
  static void startAms() throws Exception {
    home = Files.createTempDirectory("lakeward-rest-views");
    ams = TestAms.start(TestAms.derby(home), home);
  }

  @AfterAll
  static void stopAms() {
    ams.close();
  }

  @BeforeEach
  void newCatalog() {
    Map<String, String> viewDefaults = Map.of(
        "view-default.key1", "catalog-default-key1",
        "view-default.key2", "catalog-default-key2",
        "view-default.key3", "catalog-default-key3",
        "view-override.key3", "catalog-override-key3",
        "view-override.key4", "catalog-override-key4");
    catalog = RestCatalogSupport.open(ams, RestCatalogSupport.newCatalog(ams, home.resolve("warehouse"), viewDefaults), Map.of());
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
  protected Catalog tableCatalog() {
    return catalog;
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    return true;
  }

  @Override
  protected boolean supportsServerSideRetry() {
    return true;
  }

  @Override
  protected boolean supportsEmptyNamespace() {
    return false;
  }
}
