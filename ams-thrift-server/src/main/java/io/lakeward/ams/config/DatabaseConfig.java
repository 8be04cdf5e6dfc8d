package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Keys under {@code ams.database:}. Embedded Derby under the AMS home is the default; MySQL 5.7/8.x
 * and MariaDB 10.x are selected with type mysql and need url, username and password.
 */
public record DatabaseConfig(
    @JsonProperty("type") String type,
    @JsonProperty("url") String url,
    @JsonProperty("username") String username,
    @JsonProperty("password") String password,
    @JsonProperty("pool-max-size") Integer poolMaxSize,
    @JsonProperty("connection-timeout") Duration connectionTimeout) {

  private static final String PREFIX = "ams.database.";

  public DatabaseConfig {
    type = type == null || type.isBlank() ? DatabaseType.DERBY.configName() : type;
    DatabaseType parsed;
    try {
      parsed = DatabaseType.fromConfig(type);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(PREFIX + "type", e.getMessage());
    }
    url = blankToNull(url);
    username = blankToNull(username);
    password = password == null || password.isEmpty() ? null : password;
    if (parsed == DatabaseType.MYSQL) {
      ConfigException.check(url != null, PREFIX + "url", "required when ams.database.type is mysql");
      ConfigException.check(url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:"), PREFIX + "url",
          "'%s' is not a MySQL JDBC URL (jdbc:mysql://host:3306/db)", url);
      ConfigException.check(username != null, PREFIX + "username", "required when ams.database.type is mysql");
      ConfigException.check(password != null, PREFIX + "password", "required when ams.database.type is mysql");
    } else if (url != null) {
      ConfigException.check(url.startsWith("jdbc:derby:"), PREFIX + "url", "'%s' is not a Derby JDBC URL", url);
    }
    poolMaxSize = poolMaxSize == null ? 10 : poolMaxSize;
    ConfigException.check(poolMaxSize > 0, PREFIX + "pool-max-size", "must be positive, got %s", poolMaxSize);
    connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(30) : connectionTimeout;
    ConfigException.check(connectionTimeout.toMillis() >= 250, PREFIX + "connection-timeout", "must be at least 250ms");
  }

  public static DatabaseConfig defaults() {
    return new DatabaseConfig(null, null, null, null, null, null);
  }

  public DatabaseType databaseType() {
    return DatabaseType.fromConfig(type);
  }

  /** The JDBC URL to use; for Derby without a URL, a database under {@code <home>/data/derby}. */
  public String jdbcUrl(Path home) {
    if (url != null) {
      return url;
    }
    return "jdbc:derby:" + home.resolve("data").resolve("derby").toAbsolutePath() + ";create=true";
  }

  @Override
  public String toString() {
    return "DatabaseConfig[type=" + type + ", url=" + url + ", username=" + username
        + ", password=" + (password == null ? "unset" : "******") + ", pool-max-size=" + poolMaxSize + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
