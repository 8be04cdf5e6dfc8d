package io.lakeward.catalog;

import org.junit.jupiter.api.BeforeAll;

/** The self-optimizing loop with the AMS on embedded Derby. */
class DerbySelfOptimizingIT extends SelfOptimizingLoopTests {
  @BeforeAll
  static void startAms() throws Exception {
    start(null);
  }
}
