package io.lakeward.terminal.backend;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kyuubi} backend: each terminal session is a JDBC session on a Kyuubi server (or any
 * HiveServer2-protocol endpoint, such as a Spark Thrift Server), opened through the Kyuubi JDBC
 * driver. The engine behind it needs Iceberg's Spark runtime on its class path; the catalog is
 * registered per session with SET statements. Kyuubi's Spark engine is told to compute no more rows
 * than the terminal shows ({@code kyuubi.operation.result.max.rows}); other servers ignore that setting.
 */
public final class KyuubiBackend implements TerminalBackend {
  public static final String NAME = "kyuubi";

  private final JdbcConnector connector;

  /**
   * @param resultLimit the terminal's row limit; the engine computes one row more, to tell whether
   *     there were more
   */
  public KyuubiBackend(KyuubiSettings settings, int resultLimit) {
    requireNonNull(settings, "settings is null");
    this.connector = new JdbcConnector(url(settings), settings.user(), settings.password(),
        settings.connectTimeout(), List.of("SET kyuubi.operation.result.max.rows=" + (resultLimit + 1)));
  }

  /** The configured URL with the timeouts and Kerberos settings as session variables. */
  static String url(KyuubiSettings settings) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("connectTimeout", String.valueOf(settings.connectTimeout().toMillis()));
    variables.put("socketTimeout", String.valueOf(settings.socketTimeout().toMillis()));
    variables.put("principal", settings.principal());
    variables.put("kyuubiClientPrincipal", settings.clientPrincipal());
    variables.put("kyuubiClientKeytab", settings.clientKeytab());
    return JdbcUrls.withSessionVariables(settings.jdbcUrl(), variables);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TerminalSession open(String user, CatalogBinding catalog) throws TerminalException {
    return connector.open(user, catalog);
  }

  @Override
  public void close() {
    connector.close();
  }
}
