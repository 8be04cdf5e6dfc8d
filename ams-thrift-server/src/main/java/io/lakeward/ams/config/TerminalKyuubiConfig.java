package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/**
 * Keys under {@code ams.terminal.kyuubi:}: the Kyuubi server (or any HiveServer2-protocol endpoint) the
 * kyuubi backend opens a JDBC session on per terminal session.
 */
public record TerminalKyuubiConfig(
    @JsonProperty("jdbc-url") String jdbcUrl,
    @JsonProperty("user") String user,
    @JsonProperty("password") String password,
    @JsonProperty("principal") String principal,
    @JsonProperty("client-principal") String clientPrincipal,
    @JsonProperty("client-keytab") String clientKeytab,
    @JsonProperty("connect-timeout") Duration connectTimeout,
    @JsonProperty("socket-timeout") Duration socketTimeout) {

  private static final String PREFIX = "ams.terminal.kyuubi.";

  public TerminalKyuubiConfig {
    jdbcUrl = ContainersConfig.blankToNull(jdbcUrl);
    ConfigException.check(jdbcUrl == null || jdbcUrl.startsWith("jdbc:kyuubi://") || jdbcUrl.startsWith("jdbc:hive2://"),
        PREFIX + "jdbc-url", "must start with jdbc:kyuubi:// or jdbc:hive2://");
    user = ContainersConfig.blankToNull(user);
    password = password == null || password.isEmpty() ? null : password;
    principal = ContainersConfig.blankToNull(principal);
    clientPrincipal = ContainersConfig.blankToNull(clientPrincipal);
    clientKeytab = ContainersConfig.blankToNull(clientKeytab);
    ConfigException.check((clientPrincipal == null) == (clientKeytab == null), PREFIX + "client-keytab",
        "client-principal and client-keytab go together");
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
    ConfigException.check(connectTimeout.toMillis() >= 100, PREFIX + "connect-timeout", "must be at least 100ms");
    socketTimeout = socketTimeout == null ? Duration.ofMinutes(5) : socketTimeout;
    ConfigException.check(socketTimeout.isZero() || socketTimeout.toMillis() >= 10_000, PREFIX + "socket-timeout",
        "must be 0 (none) or at least 10s (the server holds status calls for seconds)");
  }

  public static TerminalKyuubiConfig defaults() {
    return new TerminalKyuubiConfig(null, null, null, null, null, null, null, null);
  }

  /** Never print the password. */
  @Override
  public String toString() {
    return "TerminalKyuubiConfig[jdbc-url=" + (jdbcUrl == null ? null : jdbcUrl.replaceAll(";.*", ";...")) + ", user="
        + user + ", principal=" + principal + ", client-principal=" + clientPrincipal + ", client-keytab=" + clientKeytab
        + ", connect-timeout=" + connectTimeout + ", socket-timeout=" + socketTimeout + "]";
  }
}
