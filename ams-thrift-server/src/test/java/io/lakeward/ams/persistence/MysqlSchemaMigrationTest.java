package io.lakeward.ams.persistence;

import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.testing.MysqlTestServer;
import java.nio.file.Path;

class MysqlSchemaMigrationTest extends SchemaMigrationContractTests {
  @Override
  protected DatabaseConfig newDatabase(Path directory) {
    return MysqlTestServer.require().newDatabase();
  }

  @Override
  protected void dropDatabase(DatabaseConfig config) {
    MysqlTestServer.require().dropDatabase(config);
  }
}
