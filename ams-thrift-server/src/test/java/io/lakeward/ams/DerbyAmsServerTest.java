package io.lakeward.ams;

import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Path;

class DerbyAmsServerTest extends AmsServerContractTests {
  @Override
  protected DatabaseConfig newDatabase(Path directory) {
    return TestAms.derby(directory);
  }
}
