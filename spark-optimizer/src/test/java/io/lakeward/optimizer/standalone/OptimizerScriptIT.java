package io.lakeward.optimizer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.optimizing.OptimizerRecord;
import io.lakeward.ams.persistence.AmsDatabase;
import io.lakeward.ams.persistence.OptimizerStore;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.TestAms;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real sbin/optimizer.sh against the packaged optimizer (target/lakeward-optimizer.jar
 * and target/lib, under failsafe after `package`) and an AMS started in this JVM.
 */
class OptimizerScriptIT {
  private static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();
  private static final Path SCRIPT = REPO.resolve("sbin/optimizer.sh");

  @TempDir
  Path dir;

  private Path conf;

  @BeforeEach
  void prepare() throws IOException {
    conf = Files.createDirectories(dir.resolve("conf"));
    Files.copy(REPO.resolve("conf/lakeward-env.sh"), conf.resolve("lakeward-env.sh"));
  }

  @AfterEach
  void stopLeftovers() throws Exception {
    run("stop");
  }

  @Test
  void startStatusStopAgainstARunningAms() throws Exception {
    Path home = Files.createDirectories(dir.resolve("ams"));
    try (AmsDatabase database = AmsDatabase.open(TestAms.derby(home), home);
        TestAms ams = TestAms.start(TestAms.derby(home), home)) {
      OptimizerStore store = new OptimizerStore(database);
      assertThat(run("status").exitCode).isEqualTo(3);

      Result started = run("start", "-a", "thrift://127.0.0.1:" + ams.optimizingEndpoint().port(), "-g", "script", "-p", "2",
          "-m", "300", "--grace-period", "5s");
      assertThat(started.exitCode).as(started.output).isZero();
      assertThat(started.output).contains("The optimizer of group script is running");

      Poll.until(() -> store.list().size(), 1, 60, "registered optimizers");
      OptimizerRecord optimizer = store.list().get(0);
      assertThat(optimizer.group()).isEqualTo("script");
      assertThat(optimizer.threadCount()).isEqualTo(2);
      assertThat(optimizer.memoryMb()).isEqualTo(300);
      String pid = Files.readString(dir.resolve("run/optimizer-script.pid")).trim();
      assertThat(optimizer.resourceId()).startsWith(pid + "@");

      Result status = run("status", "-g", "script");
      assertThat(status.exitCode).isZero();
      assertThat(status.output).contains("running (pid " + pid + ")");
      Result second = run("start", "-a", "thrift://127.0.0.1:" + ams.optimizingEndpoint().port(), "-g", "script", "-p", "1");
      assertThat(second.exitCode).isEqualTo(1);
      assertThat(second.output).contains("already running");

      Result stopped = run("stop", "-g", "script");
      assertThat(stopped.exitCode).as(stopped.output).isZero();
      assertThat(run("status").exitCode).isEqualTo(3);
      assertThat(Files.exists(dir.resolve("run/optimizer-script.pid"))).isFalse();
      String log = Files.readString(dir.resolve("logs/optimizer-script.log"));
      assertThat(log).contains("Registered with the AMS: group script, 2 threads, 300 MB").contains("Optimizer stopped");
    }
  }

  @Test
  void badArgumentsAreReportedByStart() throws Exception {
    Result result = run("start", "-a", "thrift://127.0.0.1:1261", "-g", "script", "-p", "0");
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("Invalid thread count: 0");
    assertThat(run("status").exitCode).isEqualTo(3);
  }

  private record Result(int exitCode, String output) {}

  private Result run(String... command) throws Exception {
    String[] full = new String[command.length + 2];
    full[0] = "bash";
    full[1] = SCRIPT.toString();
    System.arraycopy(command, 0, full, 2, command.length);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("LAKEWARD_"));
    env.put("LAKEWARD_CONF_DIR", conf.toString());
    env.put("LAKEWARD_LOG_DIR", dir.resolve("logs").toString());
    env.put("LAKEWARD_PID_DIR", dir.resolve("run").toString());
    env.put("LAKEWARD_OPTIMIZER_HEAP_OPTS", "-Xmx256m");
    env.put("LAKEWARD_OPTIMIZER_STOP_TIMEOUT", "60");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
