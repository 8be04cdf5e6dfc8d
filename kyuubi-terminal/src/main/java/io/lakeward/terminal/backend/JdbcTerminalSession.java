package io.lakeward.terminal.backend;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terminal session as one JDBC session on a HiveServer2-protocol server. The server keeps per-session
 * state (Spark's Thrift Server gives each JDBC session its own SparkSession), so settings and
 * registered catalogs stay within the session.
 */
final class JdbcTerminalSession implements TerminalSession {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTerminalSession.class);
  /** Rows per fetch round trip: results are read in batches of this size, up to the row limit. */
  static final int FETCH_BATCH = 500;
  /**
   * A cancel sent before the driver has the server's operation handle is lost, so it is repeated
   * while the same statement still runs (each attempt waits for the statement to end in between).
   */
  private static final int CANCEL_ATTEMPTS = 40;
  private static final long CANCEL_WAIT_MILLIS = 250;

  private final Connection connection;
  private final Set<String> registeredCatalogs = new HashSet<>();
  private final AtomicReference<Running> running = new AtomicReference<>();
  private String currentCatalog;
  private volatile boolean lost;

  private record Running(Statement statement, CountDownLatch done) {}

  JdbcTerminalSession(Connection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  @Override
  public void useCatalog(CatalogBinding catalog) throws TerminalException {
    if (!registeredCatalogs.contains(catalog.catalog())) {
      for (String statement : catalog.registrationStatements()) {
        execute(statement, 1);
      }
      registeredCatalogs.add(catalog.catalog());
    }
    if (!catalog.catalog().equals(currentCatalog)) {
      execute(catalog.useStatement(), 1);
      currentCatalog = catalog.catalog();
    }
  }

  @Override
  public StatementResult execute(String sql, int maxRows) throws TerminalException {
    if (maxRows < 1) {
      throw new IllegalArgumentException("Invalid maxRows: " + maxRows);
    }
    Statement statement;
    try {
      statement = connection.createStatement();
    } catch (SQLException e) {
      throw failure(e);
    }
    Running run = new Running(statement, new CountDownLatch(1));
    running.set(run);
    try {
      // One row beyond the limit tells whether the result was truncated; the driver stops there.
      statement.setMaxRows(maxRows + 1);
      statement.setFetchSize(Math.min(maxRows + 1, FETCH_BATCH));
      if (!statement.execute(sql)) {
        return StatementResult.empty();
      }
      try (ResultSet result = statement.getResultSet()) {
        return result == null ? StatementResult.empty() : read(result, maxRows);
      }
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      running.set(null);
      run.done().countDown();
      closeQuietly(statement);
    }
  }

  private static StatementResult read(ResultSet result, int maxRows) throws SQLException {
    ResultSetMetaData metadata = result.getMetaData();
    int width = metadata.getColumnCount();
    List<String> columns = new ArrayList<>(width);
    for (int column = 1; column <= width; column++) {
      columns.add(metadata.getColumnLabel(column));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rows.size() < maxRows && result.next()) {
      List<Object> row = new ArrayList<>(width);
      for (int column = 1; column <= width; column++) {
        row.add(value(result, column));
      }
      rows.add(row);
    }
    boolean truncated = rows.size() == maxRows && result.next();
    return new StatementResult(columns, rows, truncated);
  }

  /** Numbers and booleans as themselves (JSON numbers and booleans), everything else as its text. */
  private static Object value(ResultSet result, int column) throws SQLException {
    Object value = result.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigDecimal || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? value : value.toString();
    }
    return result.getString(column);
  }

  @Override
  public void cancel() {
    Running run = running.get();
    for (int attempt = 0; run != null && attempt < CANCEL_ATTEMPTS; attempt++) {
      try {
        // Blocks while another call of this connection is in flight (the driver serialises them).
        run.statement().cancel();
      } catch (SQLException e) {
        LOG.debug("Cancel attempt failed: {}", e.toString());
      }
      try {
        if (run.done().await(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public boolean isOpen() {
    try {
      return !lost && !connection.isClosed();
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("Closing a terminal JDBC session failed: {}", e.toString());
    }
  }

  private TerminalException failure(SQLException e) {
    if (SqlErrors.connectionLost(e)) {
      lost = true;
    }
    return new TerminalException(SqlErrors.message(e), e);
  }

  private static void closeQuietly(Statement statement) {
    try {
      statement.close();
    } catch (SQLException e) {
      LOG.debug("Closing a statement failed: {}", e.toString());
    }
  }
}
