package io.lakeward.optimizer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.AmsServer;
import io.lakeward.ams.config.AmsConfig;
import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.config.ThriftServerConfig;
import io.lakeward.ams.optimizing.OptimizerRecord;
import io.lakeward.ams.persistence.AmsDatabase;
import io.lakeward.ams.persistence.OptimizerStore;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.OptimizingTask;
import io.lakeward.api.TaskId;
import io.lakeward.common.thrift.ThriftEndpoint;
import io.lakeward.optimizer.rewrite.RewriteExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optimizer's polling core against a real AMS started in-process (and an in-memory one for scripted cases). */
class OptimizerTest {
  @TempDir
  Path home;

  @Test
  void registersHeartbeatsAndRegistersAgainWhenTheAmsForgetsIt() throws Exception {
    // The test's own handle on the AMS database opens first so that it closes (and shuts Derby down) last.
    try (AmsDatabase database = AmsDatabase.open(TestAms.derby(home), home);
        TestAms ams = TestAms.start(TestAms.derby(home), home)) {
      OptimizerStore store = new OptimizerStore(database);
      Optimizer optimizer = optimizer(ams.optimizingEndpoint());
      optimizer.start();
      try {
        Poll.until(() -> store.list().size(), 1, 30, "registered optimizers");
        OptimizerRecord first = store.list().get(0);
        assertThat(first.group()).isEqualTo("it-group");
        assertThat(first.threadCount()).isEqualTo(2);
        assertThat(first.memoryMb()).isEqualTo(512);
        assertThat(first.host()).isEqualTo(InetAddress.getLocalHost().getHostName());
        assertThat(first.resourceId()).isEqualTo(ProcessHandle.current().pid() + "@" + first.host());
        assertThat(first.properties()).containsEntry("optimizer-type", "standalone");
        assertThat(optimizer.token()).contains(first.token());

        // Heartbeats every second (the interval TestAms hands out) keep it registered past the 3 s timeout.
        Poll.until(() -> store.find(first.token()).map(r -> r.lastHeartbeatAtMillis() > first.lastHeartbeatAtMillis())
            .orElse(false), true, 30, "a heartbeat after registration");
        Thread.sleep(4000);
        assertThat(store.find(first.token())).isPresent();

        // The AMS drops it (as after a long pause): the next heartbeat is refused and it registers again.
        assertThat(store.deleteSilentSince(Long.MAX_VALUE)).hasSize(1);
        Poll.until(() -> store.list().stream().map(OptimizerRecord::token).filter(t -> !t.equals(first.token())).count(),
            1L, 30, "a new registration");
        List<OptimizerRecord> now = store.list();
        assertThat(now).singleElement().satisfies(r -> assertThat(r.group()).isEqualTo("it-group"));
        Poll.until(() -> optimizer.token(), Optional.of(now.get(0).token()), 10, "the optimizer's token");
      } finally {
        optimizer.stop();
      }
      assertThat(optimizer.awaitStopped(Duration.ZERO)).isTrue();
      assertThat(optimizer.liveThreads()).isZero();
    }
  }

  @Test
  void keepsRetryingUntilTheAmsComesUp() throws Exception {
    int port = freePort();
    Optimizer optimizer = optimizer(new ThriftEndpoint("127.0.0.1", port, Optional.empty()));
    optimizer.start();
    try {
      Thread.sleep(3000);
      assertThat(optimizer.token()).isEmpty();
      assertThat(optimizer.liveThreads()).as("heartbeat and workers keep trying").isEqualTo(3);

      LakewardConfig config = TestAms.config(TestAms.derby(home));
      ThriftServerConfig thrift = new ThriftServerConfig(0, port, null, null, 1, 8, 64, null, Duration.ofSeconds(5));
      LakewardConfig onPort = new LakewardConfig(new AmsConfig(config.ams().serverBindHost(),
          config.ams().serverExposeHost(), config.ams().adminUsername(), config.ams().adminPassword(), thrift,
          config.ams().httpServer(), config.ams().database(), config.ams().optimizer(), config.ams().blocker(),
          config.ams().catalog(), config.ams().selfOptimizing(), config.ams().scheduler(), config.ams().maintenance()));
      try (AmsDatabase database = AmsDatabase.open(TestAms.derby(home), home);
          AmsServer ams = AmsServer.start(onPort, home)) {
        OptimizerStore store = new OptimizerStore(database);
        // Retries back off to at most one second in this test.
        Poll.until(() -> store.list().size(), 1, 30, "registration once the AMS is up");
        Poll.until(() -> optimizer.token().isPresent(), true, 10, "the optimizer's token");
        optimizer.stop();
      }
    } finally {
      optimizer.stop();
    }
    assertThat(optimizer.liveThreads()).isZero();
  }

  @Test
  void gracefulStopLetsARunningTaskFinishAndComplete() throws Exception {
    InMemoryAms ams = new InMemoryAms();
    CountDownLatch acked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ams.onAck(() -> {
      acked.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    ams.queue(new OptimizingTask().setTaskId(new TaskId().setProcessId(1).setTaskIndex(0))
        .setAttemptId(1).setInputEncoding("unknown-encoding").setInput(new byte[0]));
    Optimizer optimizer = new Optimizer(settings(new ThriftEndpoint("127.0.0.1", 1, Optional.empty()),
        Duration.ofSeconds(30)), ams, new RewriteExecutor(new Configuration()), Map.of("optimizer-type", "standalone"));
    optimizer.start();
    assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();

    Thread stopper = new Thread(optimizer::stop);
    stopper.start();
    Thread.sleep(500);
    assertThat(optimizer.awaitStopped(Duration.ZERO)).as("stop waits for the running task").isFalse();
    release.countDown();
    stopper.join(30_000);

    assertThat(optimizer.awaitStopped(Duration.ZERO)).isTrue();
    assertThat(ams.completions()).singleElement().satisfies(r -> assertThat(r.getErrorMessage()).contains("unknown-encoding"));
    assertThat(optimizer.liveThreads()).isZero();
  }

  private static Optimizer optimizer(ThriftEndpoint endpoint) {
    return new Optimizer(settings(endpoint, Duration.ofSeconds(5)),
        new ThriftOptimizingClient(endpoint, Duration.ofSeconds(5)), new RewriteExecutor(new Configuration()),
        Map.of("optimizer-type", "standalone"));
  }

  private static OptimizerSettings settings(ThriftEndpoint endpoint, Duration grace) {
    return new OptimizerSettings(endpoint, "it-group", 2, 512, grace, Duration.ofMillis(200), Duration.ofSeconds(5),
        Duration.ofSeconds(1));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
