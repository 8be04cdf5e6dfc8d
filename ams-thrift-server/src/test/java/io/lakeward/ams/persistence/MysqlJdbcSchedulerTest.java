package io.lakeward.ams.persistence;

import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.testing.MysqlTestServer;
import io.lakeward.scheduler.quartz.JdbcSchedulerContractTests;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The scheduler's JDBC job store on a real MySQL-protocol server (CI: MariaDB), clustered as the AMS
 * runs it there, on QRTZ_ tables created by the AMS's own migrations.
 */
class MysqlJdbcSchedulerTest extends JdbcSchedulerContractTests {
  private DatabaseConfig config;
  private AmsDatabase database;

  @Override
  protected DataSource openDatabase(Path directory) {
    config = MysqlTestServer.require().newDatabase();
    database = AmsDatabase.open(config, directory);
    return database.dataSource();
  }

  @Override
  protected void closeDatabase() {
    if (database != null) {
      database.close();
    }
    if (config != null) {
      MysqlTestServer.require().dropDatabase(config);
    }
  }

  @Override
  protected boolean clustered() {
    return true;
  }
}
