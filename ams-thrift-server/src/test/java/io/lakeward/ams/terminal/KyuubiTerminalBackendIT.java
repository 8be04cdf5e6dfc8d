package io.lakeward.ams.terminal;

import io.lakeward.ams.config.TerminalConfig;
import io.lakeward.ams.config.TerminalKyuubiConfig;
import io.lakeward.ams.config.TerminalLocalConfig;
import io.lakeward.terminal.local.LocalSparkSettings;
import io.lakeward.terminal.local.LocalSparkThriftServer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kyuubi backend against a real HiveServer2-protocol server this test starts: a Spark Thrift Server
 * in a child JVM (this JVM hosts the AMS, whose Iceberg classes cannot meet Iceberg's Spark runtime),
 * reached through the Kyuubi JDBC driver with the backend's URL, user and password handling.
 */
class KyuubiTerminalBackendIT extends TerminalBackendContractTests {
  @TempDir
  static Path home;

  private static LocalSparkThriftServer server;

  @BeforeAll
  static void start() throws Exception {
    TerminalLocalConfig jars = localServer();
    Path root = repoRoot();
    server = new LocalSparkThriftServer(new LocalSparkSettings(root.resolve(jars.sparkHome()).resolve("jars"),
        root.resolve(jars.jars()), 2, jars.driverMemory().bytes(), jars.startTimeout(), jars.sparkConf(),
        home.resolve("logs/kyuubi-it-spark-thrift-server.log"), Paths.get(System.getProperty("java.home"), "bin", "java")));
    int port = server.ensureRunning();
    TerminalKyuubiConfig kyuubi = new TerminalKyuubiConfig("jdbc:kyuubi://127.0.0.1:" + port + "/default", null,
        "any-password", null, null, null, Duration.ofSeconds(30), Duration.ofMinutes(5));
    startAms(home, terminalConfig(TerminalConfig.KYUUBI, kyuubi, null));
  }

  @AfterAll
  static void stop() {
    stopAms();
    if (server != null) {
      server.close();
    }
  }

  @Override
  String backend() {
    return TerminalConfig.KYUUBI;
  }
}
