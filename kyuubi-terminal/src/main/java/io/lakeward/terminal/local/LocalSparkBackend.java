package io.lakeward.terminal.local;

import static java.util.Objects.requireNonNull;

import io.lakeward.terminal.backend.CatalogBinding;
import io.lakeward.terminal.backend.JdbcConnector;
import io.lakeward.terminal.backend.TerminalBackend;
import io.lakeward.terminal.backend.TerminalException;
import io.lakeward.terminal.backend.TerminalSession;
import java.time.Duration;
import java.util.List;

/**
 * The {@code local} backend (the default): a Spark Thrift Server the AMS runs itself, started on first
 * use, reached through the same JDBC path as the kyuubi backend. Each terminal session is a JDBC
 * session of its own, which the server backs with a SparkSession of its own.
 */
public final class LocalSparkBackend implements TerminalBackend {
  public static final String NAME = "local";
  /** Opening a session on a running local server takes well under this. */
  private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(1);
  /**
   * No single call to the local server lasts longer than its status long-poll (seconds); this only
   * frees a thread stuck on a server that hangs.
   */
  private static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(5);

  private final LocalSparkThriftServer server;
  private JdbcConnector connector;
  private int connectorPort;

  public LocalSparkBackend(LocalSparkThriftServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TerminalSession open(String user, CatalogBinding catalog) throws TerminalException {
    return connector(server.ensureRunning()).open(user, catalog);
  }

  private synchronized JdbcConnector connector(int port) {
    if (connector == null || connectorPort != port) {
      if (connector != null) {
        connector.close();
      }
      String url = "jdbc:kyuubi://127.0.0.1:" + port + "/default;connectTimeout=" + OPEN_TIMEOUT.toMillis()
          + ";socketTimeout=" + SOCKET_TIMEOUT.toMillis();
      connector = new JdbcConnector(url, null, null, OPEN_TIMEOUT, List.of());
      connectorPort = port;
    }
    return connector;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (connector != null) {
        connector.close();
      }
    }
    server.close();
  }
}
