package io.lakeward.ams.optimizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.ConflictException;
import io.lakeward.api.ErrorCode;
import io.lakeward.api.InvalidInputException;
import io.lakeward.api.NoSuchObjectException;
import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizingService;
import io.lakeward.api.OptimizingTask;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import io.lakeward.api.UnauthorizedException;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task protocol against bad optimizers (a raw Thrift client stands in for one, to inject the
 * faults): garbage, truncated and lying outputs are refused and retried, results of earlier
 * attempts are stale, and a task that keeps failing fails its process cleanly, with the table back
 * to IDLE or PENDING. Tables here hold metadata-only files: nothing is really rewritten.
 */
class OptimizingProtocolTest {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "region", Types.StringType.get()));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static TestAms ams;
  private static RESTCatalog client;
  private static final java.util.concurrent.ScheduledExecutorService heartbeats =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("lakeward-protocol");
    ams = TestAms.start(TestAms.derby(home), home);
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    client = ams.icebergRestClient("lake");
    client.createNamespace(Namespace.of("proto"));
  }

  @AfterAll
  static void stop() throws Exception {
    heartbeats.shutdownNow();
    client.close();
    ams.close();
  }

  @Test
  void badOutputsAreRefusedStaleAttemptsIgnoredAndExhaustedRetriesFailTheProcess() throws Exception {
    Table table = smallFilesTable("bad_outputs", "proto1", 3);
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT)) {
      OptimizingService.Client optimizer = connection.client();
      String token = optimizer.registerOptimizer(new OptimizerRegisterInfo().setGroup("proto1").setThreadCount(1)).getToken();

      OptimizingTask first = pollUntilTask(optimizer, token);
      RewriteTaskInput input = RewriteTaskCodec.decodeInput(first.getInputEncoding(), first.getInput());
      assertThat(input.files()).hasSize(12);
      assertThat(input.table()).isEqualTo("lake.proto.bad_outputs");
      TaskId id = first.getTaskId();
      assertThatThrownBy(() -> optimizer.ackTask(token, 0, id, first.getAttemptId() + 1))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.STALE_ATTEMPT));
      optimizer.ackTask(token, 0, id, first.getAttemptId());
      optimizer.ackTask(token, 0, id, first.getAttemptId());

      // Garbage output: refused, the attempt counts as failed and the task is planned again.
      assertThatThrownBy(() -> optimizer.completeTask(token, output(id, first.getAttemptId(),
          "garbage".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(InvalidInputException.class);
      assertThat(task(table, 0).get("status").asText()).isEqualTo("PLANNED");
      assertThat(task(table, 0).get("retries").asInt()).isEqualTo(1);

      OptimizingTask second = pollUntilTask(optimizer, token);
      assertThat(second.getTaskId()).isEqualTo(id);
      assertThat(second.getAttemptId()).isGreaterThan(first.getAttemptId());
      // A late result of the first attempt is stale, whatever it says.
      assertThatThrownBy(() -> optimizer.completeTask(token, error(id, first.getAttemptId(), "late")))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.STALE_ATTEMPT));
      optimizer.ackTask(token, 0, id, second.getAttemptId());
      byte[] valid = RewriteTaskCodec.encodeOutput(new RewriteTaskOutput(List.of(DataFiles.builder(table.spec())
          .withPath(table.location() + "/data/region=eu/missing.parquet").withFileSizeInBytes(10).withRecordCount(1)
          .withPartitionPath("region=eu").build()), 12, 12, 10, 5));
      assertThatThrownBy(() -> optimizer.completeTask(token, output(id, second.getAttemptId(),
          Arrays.copyOf(valid, valid.length / 2)))).as("truncated output").isInstanceOf(InvalidInputException.class);

      OptimizingTask third = pollUntilTask(optimizer, token);
      optimizer.ackTask(token, 0, id, third.getAttemptId());
      assertThatThrownBy(() -> optimizer.completeTask(token, output(id, third.getAttemptId(), valid)))
          .as("output naming a file that does not exist").isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("does not exist");

      OptimizingTask fourth = pollUntilTask(optimizer, token);
      optimizer.ackTask(token, 0, id, fourth.getAttemptId());
      optimizer.completeTask(token, error(id, fourth.getAttemptId(), "disk full"));

      // Three retries used up: the process fails, nothing was committed, the table is free again.
      JsonNode process = Poll.untilJson(() -> processes(table).get(0), p -> "FAILED".equals(p.get("status").asText()), 30);
      assertThat(process.get("fail-reason").asText()).contains("disk full");
      assertThat(runtime(table).get("status").asText()).isIn("IDLE", "PENDING");
      table.refresh();
      assertThat(table.currentSnapshot().summary()).doesNotContainKey("lakeward.optimizing.process-id");
      assertThatThrownBy(() -> optimizer.completeTask(token, error(id, fourth.getAttemptId(), "after the end")))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(() -> optimizer.completeTask("not-a-token", error(id, 1, "x")))
          .isInstanceOf(UnauthorizedException.class);
      assertThatThrownBy(() -> optimizer.ackTask(token, 0, new TaskId().setProcessId(42).setTaskIndex(0), 1))
          .isInstanceOfSatisfying(NoSuchObjectException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.NO_SUCH_TASK));
    }
  }

  @Test
  void aCancelledProcessRefusesResultsAndFreesTheTable() throws Exception {
    Table table = smallFilesTable("cancelled", "test2", 5);
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT)) {
      OptimizingService.Client optimizer = connection.client();
      String token = optimizer.registerOptimizer(new OptimizerRegisterInfo().setGroup("test2").setThreadCount(1)).getToken();
      OptimizingTask task = pollUntilTask(optimizer, token);
      optimizer.ackTask(token, 0, task.getTaskId(), task.getAttemptId());
      long processId = task.getTaskId().getProcessId();
      RestClient.Answer cancelled = ams.rest().admin("POST", "/api/ams/v1/optimizing/processes/" + processId + "/cancel", null);
      assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
      assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELED");
      assertThatThrownBy(() -> optimizer.completeTask(token, error(task.getTaskId(), task.getAttemptId(), "x")))
          .isInstanceOf(ConflictException.class);
      assertThat(runtime(table).get("status").asText()).isIn("IDLE", "PENDING");
      assertThat(ams.rest().admin("POST", "/api/ams/v1/optimizing/processes/" + processId + "/cancel", null).status())
          .as("a process ends once").isEqualTo(409);
      assertThat(ams.rest().admin("POST", "/api/ams/v1/optimizing/processes/nope/cancel", null).status()).isEqualTo(400);
    }
  }

  @Test
  void quotaBoundsTheThreadsOfOneTableAndBlockersHoldPlanningOff() throws Exception {
    String group = "quota";
    Table first = smallFilesTable("quota_first", group, 3, "4096");
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT);
        var catalog = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
      OptimizingService.Client optimizer = connection.client();
      String token = optimizer.registerOptimizer(new OptimizerRegisterInfo().setGroup(group).setThreadCount(4)).getToken();
      heartbeats.scheduleAtFixedRate(() -> heartbeat(token), 0, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
      OptimizingTask a = pollUntilTask(optimizer, token);
      OptimizingTask b = optimizer.pollTask(token, 1).getTask();
      assertThat(b).as("second thread").isNotNull();
      assertThat(optimizer.pollTask(token, 2).isSetTask())
          .as("the default quota 0.5 of 4 threads lets one table hold 2 of them").isFalse();
      assertThat(a.getTaskId().getProcessId()).isEqualTo(b.getTaskId().getProcessId());
      // Acked, so the ack timeout (5 s in tests) does not hand them out again while this test runs.
      optimizer.ackTask(token, 0, a.getTaskId(), a.getAttemptId());
      optimizer.ackTask(token, 1, b.getTaskId(), b.getAttemptId());

      // A blocked table stays pending while its group has idle threads.
      io.lakeward.api.TableIdentifier id = new io.lakeward.api.TableIdentifier().setCatalog("lake").setDatabase("proto")
          .setTable("quota_second");
      Table second = smallFilesTable("quota_second", null, 3, "4096");
      String blocker = catalog.client().block(new io.lakeward.api.BlockRequest().setIdentifier(id)
          .setOperations(List.of(io.lakeward.api.BlockableOperation.OPTIMIZING)).setTtlMillis(600_000L)).getBlockerId();
      second.updateProperties().set("self-optimizing.group", group).commit();
      Poll.untilJson(() -> runtime(second), r -> "PENDING".equals(r.get("status").asText())
          && group.equals(r.get("optimizer-group").asText()), 30);
      for (int i = 0; i < 10; i++) {
        assertThat(optimizer.pollTask(token, 2).isSetTask()).as("blocked table planned").isFalse();
        assertThat(runtime(second).get("status").asText()).isIn("PENDING", "PLANNING");
        Thread.sleep(200);
      }
      catalog.client().releaseBlocker(id, blocker);
      OptimizingTask c = pollUntilTask(optimizer, token, 2);
      assertThat(c.getTaskId().getProcessId()).as("the released table's process").isNotEqualTo(a.getTaskId().getProcessId());
      assertThat(optimizer.pollTask(token, 3).getTask()).as("second table's second thread").isNotNull();
    }
  }

  @Test
  void whenTheLastOptimizerLeavesItsTablesAreFreeWithinTwoHeartbeatTimeouts() throws Exception {
    Table table = smallFilesTable("abandoned", "proto3", 3);
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT)) {
      OptimizingService.Client optimizer = connection.client();
      String token = optimizer.registerOptimizer(new OptimizerRegisterInfo().setGroup("proto3").setThreadCount(1)).getToken();
      OptimizingTask task = pollUntilTask(optimizer, token);
      optimizer.ackTask(token, 0, task.getTaskId(), task.getAttemptId());
      assertThat(runtime(table).get("status").asText()).isEqualTo("MINOR_OPTIMIZING");
      long left = System.nanoTime();
      // The optimizer falls silent (no more heartbeats): 3 s heartbeat timeout in tests.
      JsonNode freed = Poll.untilJson(() -> runtime(table), r -> r.get("status").asText().matches("IDLE|PENDING"), 30);
      assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - left))
          .as("freed within two heartbeat timeouts (3 s), plus one housekeeping (1 s) and one supervision round (0.5 s)")
          .isLessThan(2 * 3000 + 1000 + 500 + 1500);
      assertThat(freed.get("process-id").isNull()).isTrue();
      JsonNode process = processes(table).get(0);
      assertThat(process.get("status").asText()).isEqualTo("CANCELED");
      assertThat(process.get("fail-reason").asText()).contains("no optimizer in group proto3");
      // Nothing was wrong with the work: the table still asks for it, for the next optimizer to come.
      assertThat(freed.get("requested-type").asText()).isEqualTo("MINOR");
    }
  }

  @Test
  void optimizersOfUnknownGroupsAreRefused() throws Exception {
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT)) {
      assertThatThrownBy(() -> connection.client().registerOptimizer(new OptimizerRegisterInfo().setGroup("nobody")
          .setThreadCount(1))).isInstanceOf(NoSuchObjectException.class).hasMessageContaining("nobody");
    }
  }

  private static Table smallFilesTable(String name, String group, int retries) {
    return smallFilesTable(name, group, retries, "134217728");
  }

  /** A table of 12 one-row files; a null group keeps it out of every group with optimizers. */
  private static Table smallFilesTable(String name, String group, int retries, String maxTaskSize) {
    if (group != null) {
      RestClient.Answer created = ams.rest().admin("POST", "/api/ams/v1/optimizer-groups", "{\"name\": \"" + group + "\"}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    Table table = client.createTable(TableIdentifier.of("proto", name), SCHEMA,
        PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of("format-version", "2",
            "self-optimizing.group", group == null ? "unserved" : group,
            "self-optimizing.execute.num-retries", String.valueOf(retries),
            "self-optimizing.max-task-size-bytes", maxTaskSize,
            "self-optimizing.min-plan-interval", "600000"));
    for (int i = 0; i < 12; i++) {
      table.newFastAppend().appendFile(DataFiles.builder(table.spec())
          .withPath(table.location() + "/data/region=eu/" + UUID.randomUUID() + ".parquet")
          .withFileSizeInBytes(4096).withRecordCount(1).withPartitionPath("region=eu").build()).commit();
    }
    return table;
  }

  private static OptimizingTask pollUntilTask(OptimizingService.Client optimizer, String token) throws Exception {
    return pollUntilTask(optimizer, token, 0);
  }

  private static OptimizingTask pollUntilTask(OptimizingService.Client optimizer, String token, int thread) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      var response = optimizer.pollTask(token, thread);
      if (response.isSetTask()) {
        return response.getTask();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("No task planned within " + TIMEOUT);
  }

  /** What a live optimizer does in the background; the tests' own calls would not keep it registered. */
  private static void heartbeat(String token) {
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT)) {
      connection.client().heartbeat(token);
    } catch (Exception e) {
      // The next beat tries again; a test that loses its registration fails on its own calls.
    }
  }

  private static TaskResult output(TaskId id, int attempt, byte[] bytes) {
    return new TaskResult().setTaskId(id).setAttemptId(attempt).setThreadId(0)
        .setOutputEncoding(RewriteTaskCodec.OUTPUT_ENCODING).setOutput(bytes);
  }

  private static TaskResult error(TaskId id, int attempt, String message) {
    return new TaskResult().setTaskId(id).setAttemptId(attempt).setThreadId(0).setErrorMessage(message);
  }

  private static String path(Table table) {
    String[] parts = table.name().split("\\.");
    return "/api/ams/v1/catalogs/lake/databases/proto/tables/" + parts[parts.length - 1] + "/optimizing";
  }

  private static JsonNode runtime(Table table) {
    return ams.rest().get(path(table)).json();
  }

  private static JsonNode processes(Table table) {
    return ams.rest().get(path(table) + "/processes").json();
  }

  private static JsonNode task(Table table, int index) {
    return processes(table).get(0).get("tasks").get(index);
  }
}
