package io.lakeward.optimizer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.api.ErrorCode;
import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizingTask;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.optimizer.rewrite.RealTables;
import io.lakeward.optimizer.rewrite.RewriteExecutor;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizer's handling of one task against an in-memory optimizing service, with real tables:
 * what it acks, what it completes with, and which files survive when the AMS refuses a result.
 */
class TaskExecutionTest {
  @TempDir
  Path dir;

  private final InMemoryAms ams = new InMemoryAms();
  private final RewriteExecutor executor = new RewriteExecutor(new Configuration());
  private final StopSignal hardStop = new StopSignal();
  private OptimizerSession session;
  private TaskExecution execution;
  private Table table;
  private List<Record> rows;

  @BeforeEach
  void setUp() {
    session = new OptimizerSession(ams, () -> new OptimizerRegisterInfo().setGroup("default").setThreadCount(1), Duration.ZERO);
    execution = new TaskExecution(3, ams, session, executor, new Backoff(Duration.ofMillis(100)), hardStop);
    table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    rows = RealTables.rows(0, 300, "eu", 1);
    for (int i = 0; i < 3; i++) {
      RealTables.append(table, rows.subList(i * 100, (i + 1) * 100));
    }
  }

  @Test
  void completesWithOutputAndMetricsThatCommit() {
    List<FileScanTask> files = RealTables.planFiles(table);
    long snapshot = table.currentSnapshot().snapshotId();

    execution.run(task(files, 7, 2), session.token());

    assertThat(ams.acks).containsExactly("7/0#2");
    TaskResult result = ams.completions().get(0);
    assertThat(result.getTaskId()).isEqualTo(new TaskId().setProcessId(7).setTaskIndex(0));
    assertThat(result.getAttemptId()).isEqualTo(2);
    assertThat(result.getThreadId()).isEqualTo(3);
    assertThat(result.isSetErrorMessage()).isFalse();
    assertThat(result.getOutputEncoding()).isEqualTo(RewriteTaskCodec.OUTPUT_ENCODING);
    assertThat(result.getMetrics()).containsEntry("input-rows", "300").containsEntry("output-rows", "300")
        .containsKeys("output-bytes", "duration-ms");
    RewriteTaskOutput output = RewriteTaskCodec.decodeOutput(result.getOutputEncoding(), result.getOutput(), table.specs());
    assertThat(result.getMetrics()).containsEntry("output-bytes", String.valueOf(output.outputBytes()));

    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(snapshot);
    files.forEach(f -> rewrite.deleteFile(f.file()));
    output.dataFiles().forEach(rewrite::addFile);
    rewrite.commit();
    assertThat(RealTables.planFiles(table)).hasSize(1);
    assertThat(RealTables.checksum(RealTables.read(table))).isEqualTo(RealTables.checksum(rows));
  }

  @Test
  void staleResultDeletesItsFiles() {
    ams.completeAnswers(() -> new ConflictException(ErrorCode.STALE_ATTEMPT, "Attempt 1 of task 8/0 is no longer current"));

    execution.run(task(RealTables.planFiles(table), 8, 1), session.token());

    assertThat(ams.completions()).isEmpty();
    assertThat(RealTables.filesNamed(table, "lw-8-0")).isEmpty();
  }

  @Test
  void resultThatMayHaveReachedTheAmsKeepsItsFiles() {
    ams.completeAnswers(() -> new AmsUnavailableException("Cannot call completeTask: read timed out", null));
    ams.completeAnswers(() -> new ConflictException(ErrorCode.STALE_ATTEMPT, "Task 9/0 is completed already"));

    execution.run(task(RealTables.planFiles(table), 9, 1), session.token());

    TaskResult recorded = ams.completions().get(0);
    RewriteTaskOutput output = RewriteTaskCodec.decodeOutput(recorded.getOutputEncoding(), recorded.getOutput(), table.specs());
    assertThat(output.dataFiles()).isNotEmpty().allSatisfy(f -> assertThat(Files.exists(Paths.get(f.location()))).isTrue());
  }

  @Test
  void taskRefusedAtAckIsDropped() {
    ams.ackAnswers(() -> new NotFoundException(ErrorCode.NO_SUCH_TASK, "Task does not exist"));

    execution.run(task(RealTables.planFiles(table), 10, 1), session.token());

    assertThat(ams.acks).hasSize(1);
    assertThat(ams.completions()).isEmpty();
    assertThat(RealTables.filesNamed(table, "lw-10-0")).isEmpty();
  }

  @Test
  void failureIsReportedWithItsMessage() throws Exception {
    List<FileScanTask> files = RealTables.planFiles(table);
    DataFile missing = files.get(1).file();
    Files.delete(Paths.get(missing.location()));

    execution.run(task(files, 11, 1), session.token());

    TaskResult result = ams.completions().get(0);
    assertThat(result.isSetOutput()).isFalse();
    assertThat(result.getErrorMessage()).contains(Paths.get(missing.location()).getFileName().toString())
        .hasSizeLessThanOrEqualTo(TaskExecution.MAX_ERROR_MESSAGE_LENGTH);
    assertThat(result.getMetrics()).containsKey("duration-ms");
    assertThat(RealTables.filesNamed(table, "lw-11-0")).isEmpty();
  }

  @Test
  void undecodableInputIsReportedAsFailed() {
    OptimizingTask task = new OptimizingTask().setTaskId(new TaskId().setProcessId(12).setTaskIndex(0)).setAttemptId(1)
        .setInputEncoding("lakeward-rewrite-input-v0").setInput(new byte[] {1, 2, 3});

    execution.run(task, session.token());

    assertThat(ams.completions()).singleElement().satisfies(r -> assertThat(r.getErrorMessage())
        .contains("Invalid rewrite task input: encoding 'lakeward-rewrite-input-v0'"));
  }

  @Test
  void ackWithATokenTheAmsForgotDropsTheTask() {
    String stale = session.token();
    ams.register(new OptimizerRegisterInfo().setGroup("someone-else"));

    execution.run(task(RealTables.planFiles(table), 13, 1), stale);

    assertThat(ams.acks).isEmpty();
    assertThat(ams.completions()).isEmpty();
    assertThat(session.currentToken()).as("the next call registers again").isEmpty();
  }

  @Test
  void completionRegistersAgainWhenTheAmsForgotTheOptimizerDuringTheTask() {
    ams.onAck(() -> ams.register(new OptimizerRegisterInfo().setGroup("someone-else")));

    execution.run(task(RealTables.planFiles(table), 14, 1), session.token());

    assertThat(ams.registrations).hasSize(3);
    assertThat(ams.completions()).singleElement().satisfies(r -> assertThat(r.isSetOutput()).isTrue());
  }

  @Test
  void errorMessagesNameEveryCauseAndStayBounded() {
    RuntimeException failure = new IllegalStateException("outer", new java.io.IOException("x".repeat(5000)));
    String message = TaskExecution.errorMessage(failure);
    assertThat(message).startsWith("java.lang.IllegalStateException: outer; caused by: java.io.IOException: xxx")
        .hasSize(TaskExecution.MAX_ERROR_MESSAGE_LENGTH).endsWith("...");
  }

  private OptimizingTask task(List<FileScanTask> files, long processId, int attempt) {
    return new OptimizingTask().setTaskId(new TaskId().setProcessId(processId).setTaskIndex(0)).setAttemptId(attempt)
        .setInputEncoding(RewriteTaskCodec.INPUT_ENCODING)
        .setInput(RewriteTaskCodec.encodeInput(RealTables.input(table, files, false, 512L * 1024 * 1024, "lw-" + processId + "-0")));
  }
}
