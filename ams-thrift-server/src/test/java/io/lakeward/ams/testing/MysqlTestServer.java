package io.lakeward.ams.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.lakeward.ams.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A real MySQL-protocol server for tests: the one named by LAKEWARD_TEST_MYSQL_URL (CI starts
 * MariaDB on 127.0.0.1 and sets it), else a Testcontainers MySQL where a Docker engine exists.
 * Without either the test is skipped with the reason printed, unless LAKEWARD_REQUIRE_MYSQL=true
 * (set by CI), which turns the skip into a failure.
 */
public final class MysqlTestServer {
  public static final String URL_ENV = "LAKEWARD_TEST_MYSQL_URL";
  public static final String USER_ENV = "LAKEWARD_TEST_MYSQL_USER";
  public static final String PASSWORD_ENV = "LAKEWARD_TEST_MYSQL_PASSWORD";
  public static final String REQUIRE_ENV = "LAKEWARD_REQUIRE_MYSQL";

  private static MysqlTestServer shared;

  private final String baseUrl;
  private final String user;
  private final String password;

  private MysqlTestServer(String baseUrl, String user, String password) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.user = user;
    this.password = password;
  }

  /** The server, or a skipped (locally) / failed (CI) test when there is none. */
  public static synchronized MysqlTestServer require() {
    if (shared != null) {
      return shared;
    }
    String url = System.getenv(URL_ENV);
    if (url != null && !url.isBlank()) {
      shared = new MysqlTestServer(url, System.getenv(USER_ENV), System.getenv(PASSWORD_ENV));
      return shared;
    }
    if (dockerAvailable()) {
      MySQLContainer container = new MySQLContainer("mysql:8.0").withUsername("lakeward").withPassword("lakeward");
      container.start();
      String jdbc = container.getJdbcUrl();
      shared = new MysqlTestServer(jdbc.substring(0, jdbc.lastIndexOf('/')), "root", container.getPassword());
      return shared;
    }
    String reason = "No MySQL server for this test: set " + URL_ENV + " (e.g. jdbc:mysql://127.0.0.1:3306), "
        + USER_ENV + " and " + PASSWORD_ENV + ", or run a Docker engine for Testcontainers";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
      fail(reason + " (" + REQUIRE_ENV + "=true, so this is a failure, not a skip)");
    }
    System.err.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    return null;
  }

  /** Creates a fresh, empty database and returns an AMS database config for it. */
  public DatabaseConfig newDatabase() {
    String name = "lakeward_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    return new DatabaseConfig("mysql", baseUrl + "/" + name, user, password, 4, null);
  }

  public void dropDatabase(DatabaseConfig config) {
    String url = config.url();
    String name = url.substring(url.lastIndexOf('/') + 1);
    int query = name.indexOf('?');
    execute("DROP DATABASE IF EXISTS " + (query < 0 ? name : name.substring(0, query)));
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(baseUrl + "/", user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run '" + sql + "' on " + baseUrl + ": " + e.getMessage(), e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
