package io.lakeward.terminal.backend;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.config.Durations;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kyuubi.jdbc.KyuubiHiveDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens JDBC sessions on a HiveServer2-protocol server (Kyuubi, Spark Thrift Server) through the Kyuubi
 * JDBC driver, within a bounded time: a server that accepts the connection but never answers the
 * session handshake costs one waiting thread until the socket timeout, never the caller.
 */
public final class JdbcConnector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcConnector.class);

  private final String url;
  private final String fixedUser;
  private final String password;
  private final Duration openTimeout;
  private final List<String> sessionSetup;
  private final Driver driver = new KyuubiHiveDriver();
  private final ExecutorService opener = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "terminal-jdbc-open");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param url the JDBC URL with every session variable already in it (timeouts, principals)
   * @param fixedUser the engine user of every session; null to use each terminal session's user
   * @param password the password sent with the user; null for none
   * @param openTimeout how long opening a session (connect and handshake) may take
   * @param sessionSetup statements run once in each new session, before anything else
   */
  public JdbcConnector(String url, String fixedUser, String password, Duration openTimeout, List<String> sessionSetup) {
    this.url = requireNonNull(url, "url is null");
    this.fixedUser = fixedUser;
    this.password = password;
    this.openTimeout = requireNonNull(openTimeout, "openTimeout is null");
    this.sessionSetup = List.copyOf(requireNonNull(sessionSetup, "sessionSetup is null"));
  }

  /** The server's address for messages: the URL without its session variables (no credentials). */
  public String displayUrl() {
    return JdbcUrls.display(url);
  }

  /** Opens a session for the user with the catalog registered and current; closes it again on any failure. */
  public TerminalSession open(String user, CatalogBinding catalog) throws TerminalException {
    JdbcTerminalSession session = new JdbcTerminalSession(connect(user));
    try {
      for (String statement : sessionSetup) {
        session.execute(statement, 1);
      }
      session.useCatalog(catalog);
      return session;
    } catch (TerminalException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private Connection connect(String user) throws TerminalException {
    Properties properties = new Properties();
    properties.setProperty("user", fixedUser != null ? fixedUser : user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    Future<Connection> opening = opener.submit(() -> driver.connect(url, properties));
    try {
      Connection connection = opening.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (connection == null) {
        throw new TerminalException("Cannot connect to " + displayUrl() + ": not a jdbc:kyuubi:// or jdbc:hive2:// URL");
      }
      return connection;
    } catch (TimeoutException e) {
      // The attempt goes on until the driver's socket timeout; a connection it still makes is closed.
      opener.execute(() -> closeLate(opening));
      throw new TerminalException("Cannot connect to " + displayUrl() + ": no answer within "
          + Durations.format(openTimeout));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String reason = cause instanceof SQLException sql ? SqlErrors.message(sql) : String.valueOf(cause);
      // The driver repeats the whole URL, which may hold a password.
      throw new TerminalException("Cannot connect to " + displayUrl() + ": " + JdbcUrls.redact(reason), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      opening.cancel(true);
      throw new TerminalException("Cannot connect to " + displayUrl() + ": interrupted");
    }
  }

  private static void closeLate(Future<Connection> opening) {
    try {
      Connection late = opening.get();
      if (late != null) {
        late.close();
      }
    } catch (ExecutionException | SQLException e) {
      LOG.debug("Abandoned connection attempt ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    opener.shutdownNow();
  }
}
