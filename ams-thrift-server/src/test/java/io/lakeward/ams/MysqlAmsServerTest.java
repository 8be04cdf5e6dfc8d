package io.lakeward.ams;

import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.testing.MysqlTestServer;
import java.nio.file.Path;

/** The AMS on a real MySQL-protocol server (CI: the MariaDB that .ci/run starts). */
class MysqlAmsServerTest extends AmsServerContractTests {
  @Override
  protected DatabaseConfig newDatabase(Path directory) {
    return MysqlTestServer.require().newDatabase();
  }

  @Override
  protected void dropDatabase(DatabaseConfig config) {
    if (config != null) {
      MysqlTestServer.require().dropDatabase(config);
    }
  }
}
