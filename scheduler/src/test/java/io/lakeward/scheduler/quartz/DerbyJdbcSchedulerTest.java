package io.lakeward.scheduler.quartz;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The JDBC job store on embedded Derby, as the AMS runs it by default (not clustered: one process
 * owns an embedded database), with the AMS's own V6 migration creating the Quartz tables.
 */
class DerbyJdbcSchedulerTest extends JdbcSchedulerContractTests {
  /** The AMS's migration; the scheduler module tests run the very DDL the AMS ships. */
  static final Path QUARTZ_DDL =
      Paths.get("..", "ams-thrift-server", "src", "main", "resources", "db", "migration", "derby", "V6__quartz.sql");

  private String url;
  private HikariDataSource pool;

  @Override
  protected DataSource openDatabase(Path directory) throws Exception {
    url = "jdbc:derby:" + directory.resolve("derby").toAbsolutePath();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url + ";create=true");
    hikari.setDriverClassName("org.apache.derby.iapi.jdbc.AutoloadedDriver");
    hikari.setMaximumPoolSize(6);
    pool = new HikariDataSource(hikari);
    try (Connection connection = pool.getConnection(); Statement sql = connection.createStatement()) {
      for (String statement : statements(Files.readString(QUARTZ_DDL))) {
        sql.execute(statement);
      }
    }
    return pool;
  }

  @Override
  protected void closeDatabase() {
    if (pool != null) {
      pool.close();
    }
    try {
      DriverManager.getConnection(url + ";shutdown=true").close();
    } catch (SQLException e) {
      // Derby reports a successful shutdown of one database as SQLState 08006.
    }
  }

  @Override
  protected boolean clustered() {
    return false;
  }

  /** The statements of a migration script: ';'-terminated, '--' comments on their own lines. */
  static List<String> statements(String script) {
    StringBuilder uncommented = new StringBuilder();
    script.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> uncommented.append(line).append('\n'));
    return Arrays.stream(uncommented.toString().split(";"))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
