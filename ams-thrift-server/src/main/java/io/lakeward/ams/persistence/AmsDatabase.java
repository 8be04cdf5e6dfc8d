package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.config.DatabaseType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMS database: a pooled DataSource whose schema Flyway brings to the newest version at start-up,
 * and the transaction boundary every store uses.
 */
public final class AmsDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AmsDatabase.class);

  /** Work inside one connection; SQLException escapes and rolls the transaction back. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
  }

  private final DatabaseType type;
  private final String jdbcUrl;
  private final HikariDataSource dataSource;

  private AmsDatabase(DatabaseType type, String jdbcUrl, HikariDataSource dataSource) {
    this.type = requireNonNull(type, "type is null");
    this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  /** Opens the pool and migrates the schema; fails with a clear message when the database is unreachable. */
  public static AmsDatabase open(DatabaseConfig config, Path home) {
    DatabaseType type = config.databaseType();
    String url = config.jdbcUrl(home);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("lakeward-ams-db");
    hikari.setJdbcUrl(url);
    hikari.setUsername(config.username());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolMaxSize());
    hikari.setMinimumIdle(Math.min(2, config.poolMaxSize()));
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    hikari.setInitializationFailTimeout(config.connectionTimeout().toMillis());
    hikari.setAutoCommit(true);
    if (type == DatabaseType.DERBY) {
      hikari.setDriverClassName("org.apache.derby.iapi.jdbc.AutoloadedDriver");
    }
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException("Cannot connect to the AMS database at " + url + ": " + rootMessage(e), e);
    }
    AmsDatabase database = new AmsDatabase(type, url, dataSource);
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  private void migrate() {
    MigrateResult result = migrations(dataSource, type).load().migrate();
    LOG.info("AMS database {} at schema version {} ({} migrations applied now)",
        type.configName(), result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
        result.migrationsExecuted);
  }

  /** The migrations of this database type; tests use it to build databases at older schema versions. */
  public static FluentConfiguration migrations(DataSource dataSource, DatabaseType type) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/" + type.configName())
        .failOnMissingLocations(true);
  }

  public DatabaseType type() {
    return type;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new PersistenceException("AMS database error: " + e.getMessage(), e);
    }
  }

  /** True when a connection can be taken and validated within two seconds. */
  public boolean isHealthy() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
    if (type == DatabaseType.DERBY) {
      shutdownDerby();
    }
  }

  private void shutdownDerby() {
    // An embedded Derby database must be shut down to be reopened cleanly by the next start.
    String base = jdbcUrl.contains(";") ? jdbcUrl.substring(0, jdbcUrl.indexOf(';')) : jdbcUrl;
    try {
      DriverManager.getConnection(base + ";shutdown=true").close();
    } catch (SQLException e) {
      // Derby reports a successful shutdown of one database as SQLState 08006.
      if (!"08006".equals(e.getSQLState())) {
        LOG.warn("Derby shutdown of {} reported: {}", base, e.getMessage());
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
