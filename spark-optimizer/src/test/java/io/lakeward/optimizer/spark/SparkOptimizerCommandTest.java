package io.lakeward.optimizer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparkOptimizerCommandTest {
  private final List<SparkOptimizerSettings> runs = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void argumentsBecomeSettings() {
    assertThat(run("--ams", "thrift://ams.example.com:1261", "--group", "nightly", "--parallelism", "8",
        "--heartbeat-interval", "5s", "--idle-exit-seconds", "300", "--resource-id", "app-3",
        "--conf", "spark.executor.memory=4g", "--conf", "spark.sql.shuffle.partitions=8", "--task-timeout", "20min")).isZero();
    assertThat(runs).singleElement().satisfies(settings -> {
      assertThat(settings.optimizer().group()).isEqualTo("nightly");
      assertThat(settings.optimizer().threads()).isEqualTo(8);
      assertThat(settings.optimizer().memoryMb()).isEqualTo(4096);
      assertThat(settings.optimizer().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
      assertThat(settings.optimizer().idleExit()).isEqualTo(Duration.ofMinutes(5));
      assertThat(settings.optimizer().resourceId()).isEqualTo("app-3");
      assertThat(settings.sparkConf()).containsEntry("spark.executor.memory", "4g").containsEntry("spark.sql.shuffle.partitions", "8");
      assertThat(settings.taskTimeout()).isEqualTo(Duration.ofMinutes(20));
    });
  }

  @Test
  void defaults() {
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "2")).isZero();
    SparkOptimizerSettings settings = runs.get(0);
    assertThat(settings.optimizer().idleExit()).isZero();
    assertThat(settings.optimizer().memoryMb()).isEqualTo(1024);
    assertThat(settings.sparkConf()).isEmpty();
    assertThat(settings.taskTimeout()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "2", "--conf", "executor.memory=4g")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid --conf 'executor.memory': expected spark.<key>=<value>");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "2", "--conf", "spark.executor.memory")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid --conf 'spark.executor.memory': expected spark.<key>=<value>");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid thread count: 0");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "2", "--task-timeout", "0s")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid task timeout");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--parallelism=N'");
    assertThat(runs).isEmpty();
  }

  private int run(String... args) {
    return SparkOptimizerCommand.execute(settings -> {
      runs.add(settings);
      return 0;
    }, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
