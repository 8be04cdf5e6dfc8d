package io.lakeward.optimizer.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.optimizer.runtime.OptimizerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerCommandTest {
  private final List<OptimizerSettings> runs = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void validArgumentsBecomeSettings() {
    assertThat(run("-a", "thrift://ams.example.com:1261", "-g", "nightly", "-p", "4", "-m", "8192", "--grace-period", "2min"))
        .isZero();
    assertThat(runs).singleElement().satisfies(settings -> {
      assertThat(settings.ams().host()).isEqualTo("ams.example.com");
      assertThat(settings.ams().port()).isEqualTo(1261);
      assertThat(settings.group()).isEqualTo("nightly");
      assertThat(settings.threads()).isEqualTo(4);
      assertThat(settings.memoryMb()).isEqualTo(8192);
      assertThat(settings.gracePeriod()).isEqualTo(Duration.ofMinutes(2));
    });
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void defaults() {
    assertThat(run("--ams", "thrift://127.0.0.1:1261", "--group", "default", "--threads", "1")).isZero();
    OptimizerSettings settings = runs.get(0);
    assertThat(settings.memoryMb()).isEqualTo((int) (Runtime.getRuntime().maxMemory() / (1024 * 1024)));
    assertThat(settings.gracePeriod()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.maxRetryDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.heartbeatInterval()).isZero();
    assertThat(settings.idleExit()).isZero();
    assertThat(settings.resourceId()).isNull();
  }

  @Test
  void idleExitHeartbeatAndResourceId() {
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "1", "--idle-exit-seconds", "90",
        "--heartbeat-interval", "5s", "--resource-id", "app-42")).isZero();
    OptimizerSettings settings = runs.get(0);
    assertThat(settings.idleExit()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.resourceId()).isEqualTo("app-42");

    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "1", "--idle-exit-seconds", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid idle exit: -1 seconds");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "1", "--resource-id", "a b")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid resource id: 'a b'");
    assertThat(runs).hasSize(1);
  }

  @Test
  void badAmsAddressIsAUsageError() {
    assertThat(run("-a", "http://ams:1261", "-g", "default", "-p", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--ams'").contains("Invalid Thrift URI 'http://ams:1261': scheme must be thrift://")
        .contains("Usage:");
    assertThat(run("-a", "thrift://ams", "-g", "default", "-p", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid Thrift URI 'thrift://ams': no port");
    assertThat(run("-a", "thrift://ams:1261/lake", "-g", "default", "-p", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("the optimizing service takes no catalog path");
    assertThat(runs).isEmpty();
  }

  @Test
  void zeroThreadsIsAUsageError() {
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid thread count: 0 (1 to 4096)").contains("Usage:");
    assertThat(runs).isEmpty();
  }

  @Test
  void otherBadValuesAreUsageErrors() {
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "a/b", "-p", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid optimizer group name 'a/b'");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "1", "-m", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid memory: 0 MB");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "1", "--grace-period", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-p", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--group=group'");
    assertThat(run("-a", "thrift://127.0.0.1:1261", "-g", "default", "-p", "many")).isEqualTo(2);
    assertThat(runs).isEmpty();
  }

  @Test
  void helpPrintsUsage() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--ams=thrift://host:port").contains("--grace-period");
    assertThat(runs).isEmpty();
  }

  private int run(String... args) {
    return OptimizerCommand.execute(settings -> {
      runs.add(settings);
      return 0;
    }, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }
}
