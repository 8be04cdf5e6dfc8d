package io.lakeward.ams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures an admin can fix end the process with exit code 2 and one line naming the problem. */
class AmsMainTest {
  @TempDir
  Path dir;

  @Test
  void invalidConfigurationStopsStartUpWithOneLine() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "ams:\n  database:\n    type: oracle\n");
    Result result = runMain(dir);
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.stderrLines).containsExactly("lakeward: Invalid configuration ams.database.type: "
        + "unknown database type 'oracle' (expected one of derby, mysql)");
  }

  @Test
  void unreachableDatabaseStopsStartUpWithOneLine() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), "ams:\n  admin-password: not-default\n  database:\n    type: mysql\n"
        + "    url: jdbc:mysql://127.0.0.1:1/lakeward\n    username: u\n    password: p\n    connection-timeout: 1s\n");
    Result result = runMain(dir);
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.stderrLines).hasSize(1);
    assertThat(result.stderrLines.get(0)).startsWith("lakeward: Cannot connect to the AMS database at jdbc:mysql://127.0.0.1:1/lakeward");
  }

  private record Result(int exitCode, List<String> stderrLines) {}

  private Result runMain(Path confDir) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dlog4j2.configurationFile=" + Paths.get("..", "conf", "log4j2.xml").toAbsolutePath(),
        "-Dlakeward.log.dir=" + confDir.resolve("logs"), AmsMain.class.getName());
    builder.environment().put("LAKEWARD_CONF_DIR", confDir.toString());
    builder.environment().put("LAKEWARD_HOME", confDir.toString());
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKEWARD_AMS_"));
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    byte[] stderr = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = new String(stderr, StandardCharsets.UTF_8).lines()
        .filter(l -> !l.isBlank()).toList();
    return new Result(process.exitValue(), lines);
  }
}
