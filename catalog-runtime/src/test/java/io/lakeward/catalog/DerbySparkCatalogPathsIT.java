package io.lakeward.catalog;

import org.junit.jupiter.api.BeforeAll;

/** The catalog paths with the AMS on embedded Derby. */
class DerbySparkCatalogPathsIT extends SparkCatalogPathsTests {
  @BeforeAll
  static void startAms() throws Exception {
    start(null);
  }
}
