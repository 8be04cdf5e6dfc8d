package io.lakeward.catalog;

import org.junit.jupiter.api.BeforeAll;

/** The catalog paths with the AMS on a real MySQL-protocol server (MariaDB in CI); see {@link MysqlAmsDatabase}. */
class MysqlSparkCatalogPathsIT extends SparkCatalogPathsTests {
  @BeforeAll
  static void startAms() throws Exception {
    start(MysqlAmsDatabase.yaml());
  }
}
