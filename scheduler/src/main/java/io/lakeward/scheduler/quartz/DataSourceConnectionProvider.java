package io.lakeward.scheduler.quartz;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz's JDBC store connections from a pool the scheduler does not own (the AMS's), so Quartz
 * needs no second pool and no credentials of its own.
 */
final class DataSourceConnectionProvider implements ConnectionProvider {
  private volatile DataSource dataSource;

  DataSourceConnectionProvider(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
  }

  @Override
  public Connection getConnection() throws SQLException {
    DataSource current = dataSource;
    if (current == null) {
      throw new SQLException("Cannot get a connection: the Quartz job store was shut down");
    }
    return current.getConnection();
  }

  @Override
  public void initialize() {}

  /**
   * Quartz calls this when its store shuts down. The pool belongs to the caller and stays open; only
   * the reference is dropped, because Quartz's connection manager keeps providers for the JVM's life.
   */
  @Override
  public void shutdown() {
    dataSource = null;
  }
}
