package io.lakeward.terminal.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.InvalidInputException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcUrlsAndErrorsTest {

  @Test
  void sessionVariablesGoBeforeHiveConfsAndVars() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("connectTimeout", "5000");
    vars.put("principal", null);
    assertThat(JdbcUrls.withSessionVariables("jdbc:kyuubi://h:10009/", vars))
        .isEqualTo("jdbc:kyuubi://h:10009/;connectTimeout=5000");
    assertThat(JdbcUrls.withSessionVariables("jdbc:kyuubi://h:10009", vars))
        .isEqualTo("jdbc:kyuubi://h:10009/;connectTimeout=5000");
    assertThat(JdbcUrls.withSessionVariables("jdbc:hive2://h:10000/db;ssl=true?spark.executor.memory=2g#v=1", vars))
        .isEqualTo("jdbc:hive2://h:10000/db;ssl=true;connectTimeout=5000?spark.executor.memory=2g#v=1");
    assertThat(JdbcUrls.withSessionVariables("jdbc:kyuubi://h:10009/db;connectTimeout=1000", vars))
        .as("the URL's own setting wins").isEqualTo("jdbc:kyuubi://h:10009/db;connectTimeout=1000");
  }

  @Test
  void displayedUrlsCarryNoSessionVariables() {
    assertThat(JdbcUrls.display("jdbc:kyuubi://h:10009/db;user=u;password=secret?x=1")).isEqualTo("jdbc:kyuubi://h:10009/db");
    assertThat(JdbcUrls.display("jdbc:kyuubi://h:10009/")).isEqualTo("jdbc:kyuubi://h:10009/");
    assertThat(JdbcUrls.redact("Could not open client transport with JDBC Uri: jdbc:kyuubi://h:1/;password=pw;x=1: "
        + "Connection refused")).isEqualTo("Could not open client transport with JDBC Uri: jdbc:kyuubi://h:1/: Connection refused");
    assertThat(JdbcUrls.redact("at jdbc:hive2://h:1/db;password=pw")).isEqualTo("at jdbc:hive2://h:1/db");
  }

  @Test
  void kyuubiSettingsBecomeSessionVariables() {
    KyuubiSettings settings = new KyuubiSettings("jdbc:kyuubi://kyuubi.example:10009/", null, "pw",
        "kyuubi/_HOST@EXAMPLE.COM", "etl@EXAMPLE.COM", "/etc/security/etl.keytab", Duration.ofSeconds(30),
        Duration.ofMinutes(5));
    assertThat(KyuubiBackend.url(settings)).isEqualTo("jdbc:kyuubi://kyuubi.example:10009/;connectTimeout=30000"
        + ";socketTimeout=300000;principal=kyuubi/_HOST@EXAMPLE.COM;kyuubiClientPrincipal=etl@EXAMPLE.COM"
        + ";kyuubiClientKeytab=/etc/security/etl.keytab");
    assertThat(settings.toString()).doesNotContain("pw");
  }

  @Test
  void serverErrorsLoseStackTracesAndWrapperPrefixes() {
    String server = "org.apache.hive.service.cli.HiveSQLException: Error running query: [PARSE_SYNTAX_ERROR] "
        + "org.apache.spark.sql.catalyst.parser.ParseException: \n[PARSE_SYNTAX_ERROR] Syntax error at or near "
        + "'SELEC'.(line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^\n\n\tat org.apache.spark.sql.hive.thriftserver."
        + "HiveThriftServerErrors$.runningQueryError(HiveThriftServerErrors.scala:43)\n\tat java.base/java.lang."
        + "Thread.run(Thread.java:840)\nCaused by: x";
    assertThat(SqlErrors.message(new SQLException(server)))
        .isEqualTo("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'.(line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^");
    assertThat(SqlErrors.message(new SQLException("org.apache.hive.service.cli.HiveSQLException: "
        + "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table `db`.`t` cannot be found.")))
        .isEqualTo("[TABLE_OR_VIEW_NOT_FOUND] The table `db`.`t` cannot be found.");
    assertThat(SqlErrors.message(new SQLException(null, "08S01", new java.io.IOException("Connection refused"))))
        .isEqualTo("Connection refused");
    assertThat(SqlErrors.connectionLost(new SQLException("x", "08S01"))).isTrue();
    assertThat(SqlErrors.connectionLost(new SQLException("x", "42000"))).isFalse();
  }

  @Test
  void catalogBindingInjectsTheIcebergRestCatalog() {
    CatalogBinding binding = CatalogBinding.icebergRest("lake", "http://ams:1630/api/iceberg/rest");
    assertThat(binding.registrationStatements()).containsExactly(
        "SET spark.sql.catalog.lake=org.apache.iceberg.spark.SparkCatalog",
        "SET spark.sql.catalog.lake.type=rest",
        "SET spark.sql.catalog.lake.uri=http://ams:1630/api/iceberg/rest",
        "SET spark.sql.catalog.lake.warehouse=lake");
    assertThat(binding.useStatement()).isEqualTo("USE `lake`");
    assertThatThrownBy(() -> CatalogBinding.icebergRest("my lake", "http://ams:1630/api/iceberg/rest"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'my lake'");
  }
}
