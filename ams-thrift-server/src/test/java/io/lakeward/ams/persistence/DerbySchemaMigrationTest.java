package io.lakeward.ams.persistence;

import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Path;

class DerbySchemaMigrationTest extends SchemaMigrationContractTests {
  @Override
  protected DatabaseConfig newDatabase(Path directory) {
    return TestAms.derby(directory);
  }
}
