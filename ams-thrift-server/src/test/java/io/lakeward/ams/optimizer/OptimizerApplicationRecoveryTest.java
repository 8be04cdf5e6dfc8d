package io.lakeward.ams.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.config.ContainersConfig;
import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.optimizer.container.OptimizerContainer;
import io.lakeward.ams.testing.FakeOptimizerContainer;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launched applications across an AMS restart: those whose driver is a child of the AMS are stopped
 * with it (KILLED); the others keep running, are re-attached by pid by the next AMS, or recorded LOST
 * when their process is gone.
 */
class OptimizerApplicationRecoveryTest {
  private static final String APPS = "/api/ams/v1/optimizer-applications";
  private static final String GROUPS = "/api/ams/v1/optimizer-groups";

  @TempDir
  Path home;

  @Test
  void applicationsAreStoppedWithTheAmsOrReattachedOrLostAfterARestart() throws Exception {
    // "fake" stops with the AMS (like local); "detached" does not (like spark in cluster mode).
    List<OptimizerContainer> containers = List.of(new FakeOptimizerContainer("fake", true),
        new FakeOptimizerContainer("detached", false));
    long stoppedId;
    long lostId;
    long keptId;
    ProcessHandle stopped;
    ProcessHandle lost;
    ProcessHandle kept;
    try (TestAms ams = TestAms.start(config(), home, containers)) {
      create(ams, "kept", "detached", "");
      create(ams, "lost", "detached", ", \"spark-conf.spark.lakeward.test.register\": \"false\"");
      create(ams, "stopped", "fake", "");
      keptId = launch(ams, "kept");
      lostId = launch(ams, "lost");
      stoppedId = launch(ams, "stopped");
      for (long id : List.of(keptId, stoppedId)) {
        Poll.until(() -> app(ams, id).get("status").asText(), "RUNNING", 60, "application " + id);
      }
      assertThat(app(ams, lostId).get("status").asText()).isEqualTo("STARTING");
      stopped = process(ams, stoppedId);
      lost = process(ams, lostId);
      kept = process(ams, keptId);
    }
    assertThat(stopped.isAlive()).as("stopped with the AMS").isFalse();
    assertThat(kept.isAlive()).as("a cluster-mode application outlives the AMS").isTrue();
    // While no AMS runs, one of them ends (one that never registered: nothing else says it lives).
    lost.destroy();
    lost.onExit().get(30, TimeUnit.SECONDS);

    try (TestAms ams = TestAms.start(config(), home, containers)) {
      JsonNode stoppedApp = app(ams, stoppedId);
      assertThat(stoppedApp.get("status").asText()).isEqualTo("KILLED");
      assertThat(stoppedApp.get("message").asText()).isEqualTo("stopped with the AMS");
      assertThat(stoppedApp.get("exit-code").asInt()).isZero();
      JsonNode lostApp = app(ams, lostId);
      assertThat(lostApp.get("status").asText()).isEqualTo("LOST");
      assertThat(lostApp.get("message").asText()).startsWith("lost (AMS restarted): process " + lost.pid() + " on ")
          .endsWith(" is gone");
      assertThat(app(ams, keptId).get("status").asText()).as("re-attached").isEqualTo("RUNNING");

      RestClient.Answer killed = ams.rest().admin("POST", APPS + "/" + keptId + "/kill", null);
      assertThat(killed.status()).as(killed.body()).isEqualTo(200);
      kept.onExit().get(30, TimeUnit.SECONDS);
      Poll.until(() -> ams.rest().get(GROUPS + "/kept").json().get("launch").get("live-slots").asInt(), 0, 30,
          "slots of the killed application");
      assertThat(app(ams, keptId).get("exit-code").isNull()).as("not a child of this AMS: exit code unknown").isTrue();
    }
  }

  private LakewardConfig config() {
    OptimizerConfig t = TestAms.optimizerConfig();
    OptimizerConfig optimizer = new OptimizerConfig(t.heartbeatInterval(), t.heartbeatTimeout(), t.taskAckTimeout(),
        t.taskExecuteTimeout(), "default", OptimizerConfig.EXTERNAL, Duration.ofMillis(300), Duration.ofMinutes(1),
        Duration.ofSeconds(5), null);
    return TestAms.config(TestAms.derby(home), optimizer, ContainersConfig.defaults());
  }

  private static void create(TestAms ams, String group, String container, String moreProperties) {
    RestClient.Answer created = ams.rest().admin("POST", GROUPS, "{\"name\": \"" + group + "\", \"container\": \""
        + container + "\", \"properties\": {\"parallelism\": \"1\", \"idle-exit\": \"10min\"" + moreProperties
        + "}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static long launch(TestAms ams, String group) {
    RestClient.Answer launched = ams.rest().admin("POST", GROUPS + "/" + group + "/launch", null);
    assertThat(launched.status()).as(launched.body()).isEqualTo(201);
    return launched.json().get("id").asLong();
  }

  private JsonNode app(TestAms ams, long id) {
    RestClient.Answer answer = ams.rest().get(APPS + "/" + id);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private ProcessHandle process(TestAms ams, long id) {
    return ProcessHandle.of(app(ams, id).get("pid").asLong()).orElseThrow();
  }
}
