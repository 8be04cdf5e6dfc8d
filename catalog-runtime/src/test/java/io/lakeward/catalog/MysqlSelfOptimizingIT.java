package io.lakeward.catalog;

import org.junit.jupiter.api.BeforeAll;

/** The self-optimizing loop with the AMS on a real MySQL-protocol server (MariaDB in CI); see {@link MysqlAmsDatabase}. */
class MysqlSelfOptimizingIT extends SelfOptimizingLoopTests {
  @BeforeAll
  static void startAms() throws Exception {
    start(MysqlAmsDatabase.yaml());
  }
}
