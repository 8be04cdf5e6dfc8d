package io.lakeward.terminal.backend;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the kyuubi backend reaches its server: the JDBC URL ({@code jdbc:kyuubi://host:10009/} or
 * {@code jdbc:hive2://...}), the user and password (no user: each terminal session's user), the Kerberos
 * principals and keytab (passed to the driver as the URL's session variables {@code principal},
 * {@code kyuubiClientPrincipal} and {@code kyuubiClientKeytab}), and the timeouts: connect bounds
 * opening a session (TCP connect and handshake), socket bounds any single call to the server.
 */
public record KyuubiSettings(
    String jdbcUrl,
    String user,
    String password,
    String principal,
    String clientPrincipal,
    String clientKeytab,
    Duration connectTimeout,
    Duration socketTimeout) {

  public KyuubiSettings {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(socketTimeout, "socketTimeout is null");
  }

  /** Never print the password. */
  @Override
  public String toString() {
    return "KyuubiSettings[url=" + JdbcUrls.display(jdbcUrl) + ", user=" + user + ", principal=" + principal
        + ", client-principal=" + clientPrincipal + ", client-keytab=" + clientKeytab + ", connect-timeout="
        + connectTimeout + ", socket-timeout=" + socketTimeout + "]";
  }
}
