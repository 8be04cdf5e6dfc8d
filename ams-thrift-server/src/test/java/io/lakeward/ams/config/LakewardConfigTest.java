package io.lakeward.ams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lakeward.common.config.ConfigBinder;
import io.lakeward.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakewardConfigTest {
  private static final Path SHIPPED_CONFIG = Paths.get("..", "conf", "config.yaml");

  @TempDir
  Path dir;

  /** Every key and its default, pinned: changing a default or adding a key must change this test. */
  private static Map<String, String> expectedDefaults() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("ams.server-bind-host", "0.0.0.0");
    keys.put("ams.server-expose-host", "127.0.0.1");
    keys.put("ams.admin-username", "admin");
    keys.put("ams.admin-password", "admin");
    keys.put("ams.thrift-server.catalog-port", "1260");
    keys.put("ams.thrift-server.optimizing-port", "1261");
    keys.put("ams.thrift-server.max-frame-size", "100MB");
    keys.put("ams.thrift-server.max-read-buffer-size", "256MB");
    keys.put("ams.thrift-server.selector-threads", "2");
    keys.put("ams.thrift-server.worker-threads", "64");
    keys.put("ams.thrift-server.worker-queue-size", "1024");
    keys.put("ams.thrift-server.client-timeout", "5min");
    keys.put("ams.thrift-server.shutdown-timeout", "30s");
    keys.put("ams.http-server.port", "1630");
    keys.put("ams.http-server.max-request-size", "16MB");
    keys.put("ams.database.type", "derby");
    keys.put("ams.database.url", null);
    keys.put("ams.database.username", null);
    keys.put("ams.database.password", null);
    keys.put("ams.database.pool-max-size", "10");
    keys.put("ams.database.connection-timeout", "30s");
    keys.put("ams.optimizer.heartbeat-interval", "10s");
    keys.put("ams.optimizer.heartbeat-timeout", "1min");
    keys.put("ams.optimizer.task-ack-timeout", "30s");
    keys.put("ams.optimizer.task-execute-timeout", "1h");
    keys.put("ams.optimizer.groups", "default");
    keys.put("ams.optimizer.default-container", "local");
    keys.put("ams.optimizer.container-check-interval", "5s");
    keys.put("ams.optimizer.application-start-timeout", "5min");
    keys.put("ams.optimizer.application-stop-timeout", "30s");
    keys.put("ams.optimizer.launch-backoff", "30s");
    keys.put("ams.blocker.default-ttl", "5min");
    keys.put("ams.blocker.max-ttl", "1h");
    keys.put("ams.catalog.scan-interval", "1min");
    keys.put("ams.self-optimizing.evaluation-interval", "30s");
    keys.put("ams.self-optimizing.planning-interval", "10s");
    keys.put("ams.self-optimizing.supervision-interval", "5s");
    keys.put("ams.self-optimizing.history-retention", "7d");
    keys.put("ams.scheduler.thread-count", "4");
    keys.put("ams.scheduler.job-store", "jdbc");
    keys.put("ams.scheduler.cluster-checkin-interval", "15s");
    keys.put("ams.scheduler.misfire-threshold", "1min");
    keys.put("ams.maintenance.threads", "2");
    keys.put("ams.maintenance.check-interval", "1min");
    keys.put("ams.maintenance.max-retries", "3");
    keys.put("ams.maintenance.retry-interval", "5min");
    keys.put("ams.maintenance.history-retention", "7d");
    keys.put("ams.maintenance.table-defaults", "{}");
    keys.put("ams.maintenance.expire-snapshots.interval", "1h");
    keys.put("ams.maintenance.expire-snapshots.cron", null);
    keys.put("ams.maintenance.clean-orphan-files.interval", "1d");
    keys.put("ams.maintenance.clean-orphan-files.cron", null);
    keys.put("ams.maintenance.clean-dangling-deletes.interval", "1h");
    keys.put("ams.maintenance.clean-dangling-deletes.cron", null);
    keys.put("ams.maintenance.expire-data.interval", "1d");
    keys.put("ams.maintenance.expire-data.cron", null);
    keys.put("ams.maintenance.auto-tag.interval", "1min");
    keys.put("ams.maintenance.auto-tag.cron", null);
    keys.put("ams.terminal.backend", "local");
    keys.put("ams.terminal.threads", "4");
    keys.put("ams.terminal.result.limit", "1000");
    keys.put("ams.terminal.stop-on-error", "true");
    keys.put("ams.terminal.session.timeout", "30min");
    keys.put("ams.terminal.max-sessions", "100");
    keys.put("ams.terminal.max-script-size", "1MB");
    keys.put("ams.terminal.kyuubi.jdbc-url", null);
    keys.put("ams.terminal.kyuubi.user", null);
    keys.put("ams.terminal.kyuubi.password", null);
    keys.put("ams.terminal.kyuubi.principal", null);
    keys.put("ams.terminal.kyuubi.client-principal", null);
    keys.put("ams.terminal.kyuubi.client-keytab", null);
    keys.put("ams.terminal.kyuubi.connect-timeout", "30s");
    keys.put("ams.terminal.kyuubi.socket-timeout", "5min");
    keys.put("ams.terminal.local.spark-home", null);
    keys.put("ams.terminal.local.jars", null);
    keys.put("ams.terminal.local.parallelism", "2");
    keys.put("ams.terminal.local.driver-memory", "1GB");
    keys.put("ams.terminal.local.start-timeout", "3min");
    keys.put("ams.terminal.local.spark-conf", "{}");
    keys.put("containers.local.spark-home", null);
    keys.put("containers.local.optimizer-jar", null);
    keys.put("containers.local.driver-memory", "1GB");
    keys.put("containers.local.spark-conf", "{}");
    keys.put("containers.spark.spark-home", null);
    keys.put("containers.spark.master", null);
    keys.put("containers.spark.deploy-mode", "client");
    keys.put("containers.spark.optimizer-jar", null);
    keys.put("containers.spark.driver-memory", "1GB");
    keys.put("containers.spark.spark-conf", "{}");
    return keys;
  }

  @Test
  void defaultsArePinned() {
    assertThat(new ConfigBinder().defaults(LakewardConfig.class)).containsExactlyEntriesOf(expectedDefaults());
  }

  @Test
  void shippedConfigFileDocumentsEveryKeyWithItsDefault() throws Exception {
    Map<String, String> documented = new LinkedHashMap<>();
    flatten("", new ObjectMapper(new YAMLFactory()).readTree(SHIPPED_CONFIG.toFile()), documented);
    Map<String, String> defaults = new ConfigBinder().defaults(LakewardConfig.class);
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(defaults.keySet());
    // The file may spell a value differently (60s for 1min); bound, both must be equal.
    assertThat(LakewardConfig.load(SHIPPED_CONFIG, Map.of()).toString()).isEqualTo(LakewardConfig.defaults().toString());
    assertThat(LakewardConfig.load(SHIPPED_CONFIG, Map.of())).isEqualTo(LakewardConfig.defaults());
  }

  @Test
  void missingFileMeansDefaults() {
    assertThat(LakewardConfig.load(dir.resolve("absent.yaml"), Map.of())).isEqualTo(LakewardConfig.defaults());
  }

  @Test
  void environmentOverridesEveryKeyByItsDocumentedName() throws Exception {
    Path file = write("ams:\n  http-server:\n    port: 8080\n");
    LakewardConfig config = LakewardConfig.load(file, Map.of(
        "LAKEWARD_AMS_DATABASE_TYPE", "mysql",
        "LAKEWARD_AMS_DATABASE_URL", "jdbc:mysql://db:3306/lakeward",
        "LAKEWARD_AMS_DATABASE_USERNAME", "ams",
        "LAKEWARD_AMS_DATABASE_PASSWORD", "pw",
        "LAKEWARD_AMS_HTTP_SERVER_PORT", "9090",
        "LAKEWARD_AMS_THRIFT_SERVER_MAX_FRAME_SIZE", "10MB",
        "LAKEWARD_AMS_OPTIMIZER_HEARTBEAT_TIMEOUT", "2min",
        "LAKEWARD_AMS_SCHEDULER_JOB_STORE", "RAM",
        "LAKEWARD_HOME", "/opt/lakeward",
        "PATH", "/usr/bin"));
    assertThat(config.ams().database().databaseType()).isEqualTo(DatabaseType.MYSQL);
    assertThat(config.ams().database().password()).isEqualTo("pw");
    assertThat(config.ams().httpServer().port()).as("environment wins over the file").isEqualTo(9090);
    assertThat(config.ams().thriftServer().maxFrameSize().bytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.ams().optimizer().heartbeatTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.ams().scheduler().jobStore()).isEqualTo("ram");
    assertThat(config.ams().scheduler().usesJdbcStore()).isFalse();
    assertThat(ConfigBinder.environmentVariable("ams.thrift-server.catalog-port"))
        .isEqualTo("LAKEWARD_AMS_THRIFT_SERVER_CATALOG_PORT");
  }

  @Test
  void invalidConfigurationNamesTheKey() throws Exception {
    assertInvalid("ams:\n  bogus: 1\n", "ams.bogus", "unknown key");
    assertInvalid("ams:\n  thrift-server:\n    catalog-port: 70000\n", "ams.thrift-server.catalog-port", "out of range");
    assertInvalid("ams:\n  http-server:\n    port: -1\n", "ams.http-server.port", "out of range");
    assertInvalid("ams:\n  http-server:\n    port: abc\n", "ams.http-server.port", "cannot read");
    assertInvalid("ams:\n  database:\n    type: oracle\n", "ams.database.type", "unknown database type 'oracle'");
    assertInvalid("ams:\n  database:\n    type: mysql\n    url: jdbc:mysql://h/db\n    username: u\n",
        "ams.database.password", "required when ams.database.type is mysql");
    assertInvalid("ams:\n  database:\n    type: mysql\n", "ams.database.url", "required");
    assertInvalid("ams:\n  optimizer:\n    heartbeat-interval: soon\n", "ams.optimizer.heartbeat-interval", "not a duration");
    assertInvalid("ams:\n  thrift-server:\n    optimizing-port: 1260\n", "ams.thrift-server.optimizing-port", "must differ");
    assertInvalid("ams:\n  scheduler:\n    job-store: terracotta\n", "ams.scheduler.job-store", "must be jdbc or ram");
    assertInvalid("ams:\n  scheduler:\n    misfire-threshold: 10ms\n", "ams.scheduler.misfire-threshold", "at least 1s");
    assertInvalid("ams:\n  scheduler:\n    cluster-checkin-interval: 0s\n", "ams.scheduler.cluster-checkin-interval",
        "at least 1s");
    assertInvalid("ams:\n  optimizer:\n    default-container: yarn\n", "ams.optimizer.default-container",
        "must be local, spark or external");
    assertInvalid("ams:\n  optimizer:\n    default-container: spark\n", "ams.optimizer.default-container",
        "containers.spark.spark-home is not set");
    assertInvalid("ams:\n  optimizer:\n    container-check-interval: 10ms\n", "ams.optimizer.container-check-interval",
        "at least 100ms");
    assertInvalid("ams:\n  optimizer:\n    application-start-timeout: 0s\n", "ams.optimizer.application-start-timeout",
        "at least 1s");
    assertInvalid("containers:\n  spark:\n    deploy-mode: both\n", "containers.spark.deploy-mode", "client or cluster");
    assertInvalid("containers:\n  spark:\n    master: cluster-1\n", "containers.spark.master", "not a Spark master");
    assertInvalid("containers:\n  local:\n    driver-memory: 1MB\n", "containers.local.driver-memory", "at least 64MB");
    assertInvalid("containers:\n  local:\n    driver-memory: lots\n", "containers.local.driver-memory", "cannot read");
    assertInvalid("containers:\n  local:\n    spark-conf:\n      executor.memory: 2g\n", "containers.local.spark-conf",
        "'executor.memory' is not a Spark setting");
    assertInvalid("ams:\n  terminal:\n    backend: trino\n", "ams.terminal.backend", "must be local or kyuubi");
    assertInvalid("ams:\n  terminal:\n    backend: kyuubi\n", "ams.terminal.kyuubi.jdbc-url",
        "required when ams.terminal.backend is kyuubi");
    assertInvalid("ams:\n  terminal:\n    kyuubi:\n      jdbc-url: http://kyuubi:10009\n", "ams.terminal.kyuubi.jdbc-url",
        "must start with jdbc:kyuubi://");
    assertInvalid("ams:\n  terminal:\n    kyuubi:\n      client-keytab: /etc/k.keytab\n",
        "ams.terminal.kyuubi.client-keytab", "go together");
    assertInvalid("ams:\n  terminal:\n    kyuubi:\n      socket-timeout: 1s\n", "ams.terminal.kyuubi.socket-timeout",
        "at least 10s");
    assertInvalid("ams:\n  terminal:\n    result:\n      limit: 0\n", "ams.terminal.result.limit", "between 1 and 100000");
    assertInvalid("ams:\n  terminal:\n    session:\n      timeout: 10ms\n", "ams.terminal.session.timeout", "at least 1s");
    assertInvalid("ams:\n  terminal:\n    max-script-size: big\n", "ams.terminal.max-script-size", "cannot read");
    assertInvalid("ams:\n  terminal:\n    local:\n      driver-memory: 256MB\n", "ams.terminal.local.driver-memory",
        "at least 512MB");
    assertInvalid("ams:\n  terminal:\n    local:\n      spark-conf:\n        sql.shuffle.partitions: 2\n",
        "ams.terminal.local.spark-conf", "is not a Spark setting");
    assertInvalid("containers:\n  yarn: {}\n", "containers.yarn", "unknown key");
    assertInvalid("ams: [1, 2\n", "config.yaml", "not valid YAML");
    assertThatThrownBy(() -> LakewardConfig.load(null, Map.of("LAKEWARD_AMS_DATABSE_TYPE", "mysql")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("LAKEWARD_AMS_DATABSE_TYPE");
  }

  @Test
  void containersBindFromTheFileAndTheEnvironment() throws Exception {
    Path file = write("ams:\n  optimizer:\n    default-container: spark\ncontainers:\n  spark:\n"
        + "    spark-home: /opt/spark\n    deploy-mode: CLUSTER\n    spark-conf:\n      spark.executor.memory: 4g\n"
        + "      spark.executor.instances: 2\n  local:\n    driver-memory: 512MB\n");
    LakewardConfig config = LakewardConfig.load(file, Map.of("LAKEWARD_CONTAINERS_SPARK_MASTER", "spark://m:7077",
        "LAKEWARD_CONTAINERS_LOCAL_OPTIMIZER_JAR", "/opt/lw/optimizer.jar"));
    assertThat(config.ams().optimizer().defaultContainer()).isEqualTo("spark");
    SparkContainerConfig spark = config.containers().spark();
    assertThat(spark.sparkHome()).isEqualTo("/opt/spark");
    assertThat(spark.master()).isEqualTo("spark://m:7077");
    assertThat(spark.clusterMode()).isTrue();
    assertThat(spark.sparkConf()).containsExactly(Map.entry("spark.executor.instances", "2"),
        Map.entry("spark.executor.memory", "4g"));
    assertThat(config.containers().local().optimizerJar()).isEqualTo("/opt/lw/optimizer.jar");
    assertThat(config.containers().local().driverMemory().bytes()).isEqualTo(512L * 1024 * 1024);
    assertThatThrownBy(() -> LakewardConfig.load(null, Map.of("LAKEWARD_CONTAINERS_LOCAL_SPARKHOME", "/x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("LAKEWARD_CONTAINERS_LOCAL_SPARKHOME");
  }

  @Test
  void terminalBindsFromTheFileAndTheEnvironment() throws Exception {
    Path file = write("ams:\n  terminal:\n    backend: KYUUBI\n    result:\n      limit: 50\n    stop-on-error: false\n"
        + "    kyuubi:\n      jdbc-url: jdbc:kyuubi://kyuubi:10009/\n      client-principal: etl@EXAMPLE.COM\n"
        + "      client-keytab: /etc/etl.keytab\n    local:\n      spark-conf:\n        spark.sql.shuffle.partitions: 4\n");
    LakewardConfig config = LakewardConfig.load(file, Map.of("LAKEWARD_AMS_TERMINAL_KYUUBI_PASSWORD", "kyuubi-secret-4",
        "LAKEWARD_AMS_TERMINAL_SESSION_TIMEOUT", "5min", "LAKEWARD_AMS_TERMINAL_MAX_SCRIPT_SIZE", "2MB"));
    TerminalConfig terminal = config.ams().terminal();
    assertThat(terminal.backend()).isEqualTo(TerminalConfig.KYUUBI);
    assertThat(terminal.result().limit()).isEqualTo(50);
    assertThat(terminal.stopOnError()).isFalse();
    assertThat(terminal.session().timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(terminal.maxScriptSize().bytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(terminal.kyuubi().jdbcUrl()).isEqualTo("jdbc:kyuubi://kyuubi:10009/");
    assertThat(terminal.kyuubi().password()).isEqualTo("kyuubi-secret-4");
    assertThat(terminal.kyuubi().clientKeytab()).isEqualTo("/etc/etl.keytab");
    assertThat(terminal.local().sparkConf()).containsExactly(Map.entry("spark.sql.shuffle.partitions", "4"));
    assertThat(config.toString()).doesNotContain("kyuubi-secret-4");
  }

  @Test
  void toStringNeverShowsSparkSettingValues() throws Exception {
    Path file = write("containers:\n  spark:\n    spark-conf:\n      spark.hadoop.fs.s3a.secret.key: s3-secret-3\n");
    assertThat(LakewardConfig.load(file, Map.of()).toString()).doesNotContain("s3-secret-3")
        .contains("spark.hadoop.fs.s3a.secret.key");
  }

  @Test
  void toStringNeverShowsPasswords() {
    LakewardConfig config = LakewardConfig.load(null, Map.of(
        "LAKEWARD_AMS_ADMIN_PASSWORD", "admin-secret-1",
        "LAKEWARD_AMS_DATABASE_TYPE", "mysql",
        "LAKEWARD_AMS_DATABASE_URL", "jdbc:mysql://db:3306/lakeward",
        "LAKEWARD_AMS_DATABASE_USERNAME", "ams",
        "LAKEWARD_AMS_DATABASE_PASSWORD", "db-secret-2"));
    assertThat(config.toString()).doesNotContain("admin-secret-1").doesNotContain("db-secret-2");
    assertThat(config.ams().usesDefaultAdminPassword()).isFalse();
  }

  private void assertInvalid(String yaml, String key, String problem) throws Exception {
    Path file = write(yaml);
    assertThatThrownBy(() -> LakewardConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid configuration ")
        .hasMessageContaining(key)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject() && node.size() > 0) {
      node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out));
    } else {
      out.put(prefix, node.isNull() ? null : node.asText());
    }
  }
}
