package io.lakeward.terminal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.terminal.backend.TerminalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures of the local server give a clear error (a real child process where one starts). */
class LocalSparkThriftServerTest {
  @TempDir
  Path dir;

  private LocalSparkSettings settings(Path sparkJars, Path terminalJars) {
    return new LocalSparkSettings(sparkJars, terminalJars, 1, 256L * 1024 * 1024, Duration.ofSeconds(60),
        Map.of("spark.sql.shuffle.partitions", "2"), dir.resolve("logs/terminal-spark.log"),
        Paths.get(System.getProperty("java.home"), "bin", "java"));
  }

  @Test
  void missingJarsAreNamedWithHowToBuildThem() {
    try (LocalSparkThriftServer server = new LocalSparkThriftServer(settings(dir.resolve("none"), dir.resolve("none")))) {
      assertThatThrownBy(server::ensureRunning).isInstanceOf(TerminalException.class)
          .hasMessageContaining("no Spark jars in " + dir.resolve("none"))
          .hasMessageContaining("mvn -DskipTests -pl spark-home,terminal-spark -am package")
          .hasMessageContaining("ams.terminal.local.spark-home");
      assertThat(server.isRunning()).isFalse();
    }
  }

  @Test
  void aServerThatExitsDuringStartUpReportsItsExitAndOutput() throws Exception {
    // Jars that hold no Spark: the JVM starts and exits at once, unable to find SparkSubmit.
    Path jars = Files.createDirectories(dir.resolve("jars"));
    Files.write(jars.resolve("empty.jar"), new byte[] {0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0});
    try (LocalSparkThriftServer server = new LocalSparkThriftServer(settings(jars, jars))) {
      assertThatThrownBy(server::ensureRunning).isInstanceOf(TerminalException.class)
          .hasMessageContaining("Cannot start the local Spark Thrift Server: it exited with code 1")
          .hasMessageContaining(SparkServerCommand.SPARK_SUBMIT);
      assertThat(server.isRunning()).isFalse();
    }
    assertThat(Files.readString(dir.resolve("logs/terminal-spark.log"))).contains(SparkServerCommand.SPARK_SUBMIT);
  }

  @Test
  void settingsGoToAPropertiesFileNotTheCommandLine() {
    LocalSparkSettings settings = settings(dir.resolve("spark"), dir.resolve("terminal"));
    List<String> command = SparkServerCommand.command(settings, dir.resolve("spark-defaults.conf"), 10123);
    assertThat(command).contains("--properties-file", dir.resolve("spark-defaults.conf").toString(), "local[1]",
        "hive.server2.thrift.port=10123", "hive.server2.thrift.bind.host=127.0.0.1", "-Xmx256m",
        SparkServerCommand.THRIFT_SERVER, "spark-internal");
    assertThat(String.join(" ", command)).doesNotContain("spark.sql.shuffle.partitions");
    Map<String, String> conf = SparkServerCommand.sparkConf(settings, dir);
    assertThat(conf).containsEntry("spark.sql.shuffle.partitions", "2")
        .containsEntry("spark.sql.hive.thriftServer.singleSession", "false")
        .containsEntry("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .containsEntry("spark.driver.maxResultSize", "64m");
  }
}
