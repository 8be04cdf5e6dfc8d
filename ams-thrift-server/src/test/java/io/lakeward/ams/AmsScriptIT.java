package io.lakeward.ams;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.testing.RestClient;
import io.lakeward.api.DatabaseMeta;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real sbin/ams.sh against the packaged AMS (runs after `package`, under failsafe), with
 * its conf, log and pid directories moved to a temporary place by the documented variables.
 */
class AmsScriptIT {
  private static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path SCRIPT = REPO.resolve("sbin/ams.sh");

  @TempDir
  Path dir;

  private Path conf;
  private int catalogPort;
  private int optimizingPort;
  private int httpPort;

  @BeforeEach
  void prepare() throws IOException {
    conf = Files.createDirectories(dir.resolve("conf"));
    Files.copy(REPO.resolve("conf/log4j2.xml"), conf.resolve("log4j2.xml"));
    Files.copy(REPO.resolve("conf/lakeward-env.sh"), conf.resolve("lakeward-env.sh"));
    catalogPort = freePort();
    optimizingPort = freePort();
    httpPort = freePort();
    writeConfig("derby");
  }

  @AfterEach
  void stopLeftovers() throws Exception {
    run("stop");
  }

  @Test
  void startStatusStopRestartKeepCatalogState() throws Exception {
    assertThat(run("status").exitCode).isEqualTo(3);

    Result started = run("start");
    assertThat(started.exitCode).as(started.output).isZero();
    assertThat(started.output).contains(String.valueOf(catalogPort), String.valueOf(optimizingPort), String.valueOf(httpPort));

    Result status = run("status");
    assertThat(status.exitCode).isZero();
    assertThat(status.output).contains("running").contains(String.valueOf(catalogPort));

    Result second = run("start");
    assertThat(second.exitCode).isEqualTo(1);
    assertThat(second.output).contains("already running");

    RestClient rest = new RestClient("http://127.0.0.1:" + httpPort);
    RestClient.Answer created = rest.send("POST", "/api/ams/v1/catalogs",
        "{\"name\":\"durable\",\"type\":\"internal\",\"properties\":{\"warehouse\":\"/tmp/durable\"}}", "admin", "script-test");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    try (var catalog = ThriftClients.catalog(endpoint(catalogPort), Duration.ofSeconds(10))) {
      catalog.client().createDatabase(new DatabaseMeta().setCatalog("durable").setName("kept"));
    }

    Result stopped = run("stop");
    assertThat(stopped.exitCode).as(stopped.output).isZero();
    assertThat(run("status").exitCode).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("logs/ams.log"))).contains("Lakeward AMS stopped");
    assertThat(Files.exists(dir.resolve("run/ams.pid"))).isFalse();

    assertThat(run("start").exitCode).isZero();
    assertThat(rest.get("/api/ams/v1/catalogs/durable").status()).isEqualTo(200);
    try (var catalog = ThriftClients.catalog(endpoint(catalogPort), Duration.ofSeconds(10))) {
      assertThat(catalog.client().listDatabases("durable")).containsExactly("kept");
    }

    Result restarted = run("restart");
    assertThat(restarted.exitCode).as(restarted.output).isZero();
    assertThat(rest.get("/api/ams/v1/health").status()).isEqualTo(200);
    assertThat(rest.get("/api/ams/v1/catalogs/durable").status()).isEqualTo(200);
  }

  @Test
  void invalidConfigurationIsReportedByStart() throws Exception {
    writeConfig("oracle");
    Result result = run("start");
    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.output).contains("lakeward: Invalid configuration ams.database.type: unknown database type 'oracle'");
    assertThat(run("status").exitCode).isEqualTo(3);
  }

  private void writeConfig(String databaseType) throws IOException {
    String yaml = "ams:\n"
        + "  admin-password: script-test\n"
        + "  thrift-server:\n"
        + "    catalog-port: " + catalogPort + "\n"
        + "    optimizing-port: " + optimizingPort + "\n"
        + "    shutdown-timeout: 5s\n"
        + "  http-server:\n"
        + "    port: " + httpPort + "\n"
        + "  database:\n"
        + "    type: " + databaseType + "\n"
        + "    url: jdbc:derby:" + dir.resolve("data/derby") + ";create=true\n";
    Files.writeString(conf.resolve("config.yaml"), yaml);
  }

  private record Result(int exitCode, String output) {}

  private Result run(String command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("LAKEWARD_"));
    env.put("LAKEWARD_CONF_DIR", conf.toString());
    env.put("LAKEWARD_LOG_DIR", dir.resolve("logs").toString());
    env.put("LAKEWARD_PID_DIR", dir.resolve("run").toString());
    env.put("LAKEWARD_HEAP_OPTS", "-Xmx512m");
    env.put("LAKEWARD_STOP_TIMEOUT", "30");
    // No optimizer is launched here; building the Spark optimizer would only slow the test down.
    env.put("LAKEWARD_BUILD_SPARK_OPTIMIZER", "never");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static ThriftEndpoint endpoint(int port) {
    return new ThriftEndpoint("127.0.0.1", port, Optional.empty());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
