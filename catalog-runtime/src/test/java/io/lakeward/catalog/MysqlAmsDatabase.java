package io.lakeward.catalog;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The AMS database section for a real MySQL-protocol server: the one LAKEWARD_TEST_MYSQL_URL names
 * (CI starts MariaDB), in a fresh database per call. Without one the calling test is skipped with the
 * reason printed, or fails when LAKEWARD_REQUIRE_MYSQL=true.
 */
final class MysqlAmsDatabase {
  private MysqlAmsDatabase() {}

  static String yaml() {
    String url = System.getenv("LAKEWARD_TEST_MYSQL_URL");
    if (url == null || url.isBlank()) {
      String reason = "No MySQL server: set LAKEWARD_TEST_MYSQL_URL, LAKEWARD_TEST_MYSQL_USER, LAKEWARD_TEST_MYSQL_PASSWORD";
      if ("true".equalsIgnoreCase(System.getenv("LAKEWARD_REQUIRE_MYSQL"))) {
        fail(reason);
      }
      System.err.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    String database = "lakeward_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return "    type: mysql\n"
        + "    url: " + url.replaceAll("/+$", "") + "/" + database + "?createDatabaseIfNotExist=true\n"
        + "    username: " + System.getenv("LAKEWARD_TEST_MYSQL_USER") + "\n"
        + "    password: " + System.getenv("LAKEWARD_TEST_MYSQL_PASSWORD") + "\n";
  }
}
