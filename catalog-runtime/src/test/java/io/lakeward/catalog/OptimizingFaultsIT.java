package io.lakeward.catalog;

import static io.lakeward.catalog.OptimizingHarness.optimizingSnapshots;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the self-optimizing loop, each ending with the table content unchanged and the table
 * IDLE or PENDING again: an optimizer killed with SIGKILL in the middle of a task, the AMS killed
 * while a process is COMMITTING, and a writer appending and deleting while optimizing runs.
 */
class OptimizingFaultsIT {
  private static final String COMMIT_DELAY = "-Dlakeward.fault.commit-delay-ms=600000";
  private static final String TASK_DELAY = "-Dlakeward.fault.task-delay-ms=600000";

  @TempDir
  Path dir;
  private AmsProcess ams;
  private SparkSession spark;
  private OptimizingHarness harness;
  private final List<OptimizerProcess> optimizers = new java.util.ArrayList<>();

  private void start(String... amsJvmOptions) throws Exception {
    ams = AmsProcess.start(dir, null, OptimizingHarness.FAST_AMS_YAML, List.of(amsJvmOptions));
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    spark = OptimizingHarness.spark(ams);
    harness = new OptimizingHarness(spark, ams);
    harness.sql("CREATE NAMESPACE IF NOT EXISTS lake.faults");
  }

  private OptimizerProcess optimizer(String name, String... jvmOptions) throws Exception {
    OptimizerProcess optimizer = OptimizerProcess.start(dir.resolve(name), ams.optimizingUri(), "default", 1, jvmOptions);
    optimizers.add(optimizer);
    return optimizer;
  }

  @AfterEach
  void stop() throws Exception {
    for (OptimizerProcess optimizer : optimizers) {
      optimizer.close();
    }
    if (spark != null) {
      spark.stop();
    }
    if (ams != null) {
      ams.close();
    }
  }

  private void createTable(String name) {
    harness.sql("CREATE TABLE lake.faults.%s (id BIGINT, label STRING) USING iceberg TBLPROPERTIES ("
        + "'format-version'='2', 'write.delete.mode'='merge-on-read', 'self-optimizing.min-plan-interval'='1000', "
        + "'self-optimizing.minor.trigger.file-count'='1000')", name);
    for (int batch = 0; batch < 5; batch++) {
      harness.sql("INSERT INTO lake.faults.%s SELECT id, concat('l', id) FROM range(%d, %d)", name, batch * 100,
          batch * 100 + 100);
    }
  }

  @Test
  void optimizerKilledInTheMiddleOfATaskIsReplacedByAnother() throws Exception {
    start();
    createTable("killed");
    OptimizerProcess stuck = optimizer("stuck", TASK_DELAY);
    harness.trigger("faults", "killed", "FULL");
    OptimizingHarness.poll("a task acked by the first optimizer", Duration.ofMinutes(2),
        () -> harness.processes("faults", "killed"), list -> OptimizingHarness.stream(list)
            .flatMap(p -> OptimizingHarness.stream(p.get("tasks"))).anyMatch(t -> "ACKED".equals(t.get("status").asText())));
    stuck.kill();
    optimizer("rescuer");

    JsonNode runtime = harness.awaitCommitted("faults", "killed", "FULL", Duration.ofMinutes(3));
    assertThat(runtime.get("status").asText()).isIn("IDLE", "PENDING");
    JsonNode process = OptimizingHarness.stream(harness.processes("faults", "killed"))
        .filter(p -> "SUCCESS".equals(p.get("status").asText())).findFirst().orElseThrow();
    assertThat(OptimizingHarness.stream(process.get("tasks")).mapToInt(t -> t.get("attempt").asInt()).max().orElse(0))
        .as("the task ran again after its optimizer vanished").isGreaterThanOrEqualTo(2);
    harness.assertContent("faults.killed", "SELECT id, concat('l', id) AS label FROM range(0, 500)");
  }

  @Test
  void amsKilledWhileCommittingFinishesTheCommitOnceAfterRestart() throws Exception {
    start(COMMIT_DELAY);
    createTable("committing");
    optimizer("worker");
    harness.trigger("faults", "committing", "FULL");
    JsonNode committing = OptimizingHarness.poll("the process to reach COMMITTING", Duration.ofMinutes(3),
        () -> harness.processes("faults", "committing"), list -> OptimizingHarness.stream(list)
            .anyMatch(p -> "COMMITTING".equals(p.get("status").asText())));
    String processId = OptimizingHarness.stream(committing).filter(p -> "COMMITTING".equals(p.get("status").asText()))
        .findFirst().orElseThrow().get("process-id").asText();
    ams.kill();
    ams.relaunchWithout(List.of(COMMIT_DELAY));

    harness.awaitCommitted("faults", "committing", "FULL", Duration.ofMinutes(3));
    Table table = harness.table("faults.committing");
    assertThat(optimizingSnapshots(table, processId)).as("committed exactly once").isEqualTo(1);
    harness.assertContent("faults.committing", "SELECT id, concat('l', id) AS label FROM range(0, 500)");
  }

  @Test
  void concurrentWriterAppendingAndDeletingLosesNothing() throws Exception {
    start();
    harness.sql("CREATE TABLE lake.faults.busy (id BIGINT, label STRING) USING iceberg TBLPROPERTIES ("
        + "'format-version'='2', 'write.delete.mode'='merge-on-read', 'self-optimizing.min-plan-interval'='1000', "
        + "'self-optimizing.minor.trigger.file-count'='4', 'commit.retry.num-retries'='20')");
    optimizer("worker");
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<Integer> writes = pool.submit(() -> {
      int round = 0;
      while (running.get() && round < 40) {
        harness.sql("INSERT INTO lake.faults.busy SELECT id, concat('l', id) FROM range(%d, %d)", round * 10, round * 10 + 10);
        if (round % 3 == 2) {
          // Deletes rows of earlier appends, which optimizing may be rewriting right now.
          harness.dml("DELETE FROM lake.faults.busy WHERE id %% 10 = 0 AND id < %d", round * 10);
        }
        round++;
      }
      return round;
    });
    int rounds = writes.get(10, TimeUnit.MINUTES);
    running.set(false);
    pool.shutdown();
    harness.awaitSettled("faults", "busy", Duration.ofMinutes(3));
    long deletedBelow = 0;
    for (int round = 0; round < rounds; round++) {
      deletedBelow = round % 3 == 2 ? round * 10L : deletedBelow;
    }
    assertThat(OptimizingHarness.stream(harness.processes("faults", "busy"))).as("optimizing ran meanwhile").isNotEmpty();
    harness.assertContent("faults.busy", "SELECT id, concat('l', id) AS label FROM range(0, " + rounds * 10 + ") "
        + "WHERE NOT (id % 10 = 0 AND id < " + deletedBelow + ")");
  }
}
