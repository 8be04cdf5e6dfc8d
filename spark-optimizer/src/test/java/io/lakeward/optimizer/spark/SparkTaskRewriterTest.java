package io.lakeward.optimizer.spark;

import static io.lakeward.optimizer.rewrite.RealTables.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.ams.testing.Poll;
import io.lakeward.optimizer.rewrite.RealTables;
import io.lakeward.optimizer.rewrite.RewriteExecutor;
import io.lakeward.optimizer.rewrite.RewriteInterruptedException;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewrites as Spark jobs (local mode) give exactly what the in-thread rewrite gives. */
class SparkTaskRewriterTest {
  private static final long LARGE = 512L * 1024 * 1024;
  private static JavaSparkContext spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("spark-task-rewriter-test")
        .set("spark.ui.enabled", "false").set("spark.scheduler.mode", "FAIR")
        .set("spark.sql.shuffle.partitions", "4")
        .set("spark.plugins", RewriteTaskHooks.class.getName()));
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void upsertStreamWithDeletesAndSortGivesTheSameRowsAsTheInThreadRewrite() {
    Table table = RealTables.create(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of());
    table.replaceSortOrder().desc("id").commit();
    List<Long> keys = LongStream.range(0, 30).boxed().toList();
    for (int version = 1; version <= 4; version++) {
      List<Record> rows = new ArrayList<>();
      for (long key : keys) {
        rows.add(RealTables.row(key, "eu", version));
      }
      var delta = table.newRowDelta().addRows(RealTables.writeData(table, rows));
      if (version > 1) {
        delta.addDeletes(RealTables.equalityDeletes(table, rows.get(0), keys));
      }
      delta.commit();
    }
    DataFile extra = RealTables.append(table, RealTables.rows(100, 10, "eu", 1));
    table.newRowDelta().addDeletes(RealTables.positionDeletes(table, extra, 0, 9)).commit();
    List<FileScanTask> files = RealTables.planFiles(table);

    Map<String, String> metrics = new HashMap<>();
    RewriteTaskOutput onSpark = new SparkTaskRewriter(spark, Duration.ofMinutes(5)).execute(RealTables.input(table, files, true, LARGE, "lw-1-0"), 2, metrics);
    RewriteTaskOutput inThread = new RewriteExecutor(spark.hadoopConfiguration())
        .execute(RealTables.input(table, files, true, LARGE, "lw-1-1"), 2);

    assertThat(onSpark.inputRows()).isEqualTo(inThread.inputRows()).isEqualTo(130);
    assertThat(onSpark.outputRows()).isEqualTo(inThread.outputRows()).isEqualTo(38);
    List<Record> sparkRows = rows(table, onSpark);
    List<Record> threadRows = rows(table, inThread);
    assertThat(sparkRows).extracting(r -> (Long) r.getField("id")).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(RealTables.checksum(sparkRows)).isEqualTo(RealTables.checksum(threadRows));
    assertThat(sparkRows).allSatisfy(r -> {
      long id = (Long) r.getField("id");
      assertThat(r.getField("version")).isEqualTo(id < 100 ? 4 : 1);
    });
    assertThat(onSpark.dataFiles()).allSatisfy(f -> assertThat(f.location()).contains("lw-1-0-a2-"));
    // Equality deletes go row by row. Local mode: the executor is the driver's JVM, and says so.
    assertThat(metrics).containsEntry("rewrite-shape", "row-by-row").containsEntry("executor-id", "driver").containsKey("executor-millis").containsKey("spark-job-group");
  }

  @Test
  void aFailedSparkJobThrowsWithTheCauseAndLeavesNoFiles() throws Exception {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    RealTables.append(table, RealTables.rows(0, 10, "eu", 1));
    DataFile gone = RealTables.append(table, RealTables.rows(10, 10, "eu", 1));
    List<FileScanTask> files = RealTables.planFiles(table);
    Files.delete(Path.of(gone.location()));

    List<Path> before = RealTables.filesNamed(table, ".parquet");
    RewriteTaskInput input = RealTables.input(table, files, false, LARGE, "lw-2-0");
    assertThatThrownBy(() -> new SparkTaskRewriter(spark, Duration.ofMinutes(5)).execute(input, 1, new HashMap<>()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rewriting " + input.table() + " failed")
        .hasStackTraceContaining(Path.of(gone.location()).getFileName().toString());
    assertThat(RealTables.filesNamed(table, ".parquet")).containsExactlyInAnyOrderElementsOf(before);
    // The context survives a failed job: the next task runs.
    List<FileScanTask> remaining = files.stream().filter(t -> !t.file().location().equals(gone.location())).toList();
    RewriteTaskInput valid = RealTables.input(table, remaining, false, LARGE, "lw-2-1");
    assertThat(new SparkTaskRewriter(spark, Duration.ofMinutes(5)).execute(valid, 1, new HashMap<>()).outputRows()).isEqualTo(10);
  }

  @Test
  void interruptingTheWaitingThreadCancelsTheJobAndDeletesItsFiles() throws Exception {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    for (int i = 0; i < 3; i++) {
      RealTables.append(table, RealTables.rows(i * 10L, 10, "eu", 1));
    }
    RewriteTaskInput input = RealTables.input(table, RealTables.planFiles(table), false, LARGE, "lw-3-0");
    List<Path> before = RealTables.filesNamed(table, ".parquet");
    System.setProperty(RewriteTaskHooks.FAULT_DELAY_PROPERTY, "60000");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      try {
        new SparkTaskRewriter(spark, Duration.ofMinutes(5)).execute(input, 1, new HashMap<>());
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    try {
      runner.start();
      Poll.until(() -> spark.statusTracker().getActiveJobIds().length, 1, 30, "the rewrite's Spark job");
      runner.interrupt();
      runner.join(30_000);
    } finally {
      System.clearProperty(RewriteTaskHooks.FAULT_DELAY_PROPERTY);
    }
    assertThat(runner.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(RewriteInterruptedException.class);
    Poll.until(() -> spark.statusTracker().getActiveJobIds().length, 0, 30, "the cancelled job to end");
    assertThat(RealTables.filesNamed(table, ".parquet")).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void aJobThatDoesNotFinishInTimeIsCancelledAndFails() throws Exception {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    RealTables.append(table, RealTables.rows(0, 10, "eu", 1));
    RewriteTaskInput input = RealTables.input(table, RealTables.planFiles(table), false, LARGE, "lw-4-0");
    List<Path> before = RealTables.filesNamed(table, ".parquet");
    System.setProperty(RewriteTaskHooks.FAULT_DELAY_PROPERTY, "60000");
    try {
      assertThatThrownBy(() -> new SparkTaskRewriter(spark, Duration.ofSeconds(2)).execute(input, 1, new HashMap<>()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not finish within 2 s");
    } finally {
      System.clearProperty(RewriteTaskHooks.FAULT_DELAY_PROPERTY);
    }
    Poll.until(() -> spark.statusTracker().getActiveJobIds().length, 0, 30, "the cancelled job to end");
    assertThat(RealTables.filesNamed(table, ".parquet")).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void positionDeletesOnAPartitionedTableGiveTheRowsOfTheRowByRowRewriteInRightSizedFiles() {
    Table table = RealTables.create(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of());
    List<DataFile> files = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      files.add(RealTables.append(table, RealTables.rows(i * 1000L, 1000, i % 2 == 0 ? "eu" : "us", 1)));
    }
    table.newRowDelta().addDeletes(RealTables.positionDeletes(table, files.get(0), 0, 1, 2, 999))
        .addDeletes(RealTables.positionDeletes(table, files.get(3), 10, 11)).commit();
    List<FileScanTask> eu = RealTables.planFiles(table).stream()
        .filter(t -> "eu".equals(t.file().partition().get(0, String.class))).toList();
    long euBytes = eu.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum();

    Map<String, String> metrics = new HashMap<>();
    // A target of a third of the input: three output files of equal size, not two full ones and a tail.
    RewriteTaskOutput onSpark = new SparkTaskRewriter(spark, Duration.ofMinutes(5))
        .execute(RealTables.input(table, eu, false, euBytes / 3 + 1, "lw-5-0"), 1, metrics);
    RewriteTaskOutput inThread = new RewriteExecutor(spark.hadoopConfiguration())
        .execute(RealTables.input(table, eu, false, LARGE, "lw-5-1"), 1);

    assertThat(metrics).containsEntry("rewrite-shape", "vectorized").containsKey("spark-job-group");
    assertThat(onSpark.inputRows()).isEqualTo(inThread.inputRows()).isEqualTo(6000);
    assertThat(onSpark.outputRows()).isEqualTo(inThread.outputRows()).isEqualTo(5996);
    assertThat(RealTables.checksum(rows(table, onSpark))).isEqualTo(RealTables.checksum(rows(table, inThread)));
    assertThat(onSpark.dataFiles()).hasSize(3).allSatisfy(f -> {
      assertThat(f.specId()).isEqualTo(table.spec().specId());
      assertThat(f.partition().get(0, String.class)).isEqualTo("eu");
      assertThat(f.recordCount()).isBetween(1500L, 2500L);
      assertThat(Files.exists(Path.of(f.location()))).isTrue();
    });
  }

  @Test
  void aSortedRewriteGivesOneGlobalOrderAcrossItsFiles() {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    table.replaceSortOrder().desc("id").commit();
    for (int i = 0; i < 8; i++) {
      // Interleaved keys: every input file spans the whole key range.
      List<Record> rows = new ArrayList<>();
      for (long id = i; id < 8000; id += 8) {
        rows.add(RealTables.row(id, "eu", 1));
      }
      RealTables.append(table, rows);
    }
    List<FileScanTask> files = RealTables.planFiles(table);
    long bytes = files.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum();

    Map<String, String> metrics = new HashMap<>();
    RewriteTaskOutput onSpark = new SparkTaskRewriter(spark, Duration.ofMinutes(5))
        .execute(RealTables.input(table, files, true, bytes / 2 + 1, "lw-6-0"), 1, metrics);

    assertThat(metrics).containsEntry("rewrite-shape", "vectorized");
    assertThat(onSpark.dataFiles()).hasSize(2).allSatisfy(f -> assertThat(f.sortOrderId()).isEqualTo(table.sortOrder().orderId()));
    List<Record> all = new ArrayList<>();
    onSpark.dataFiles().stream()
        .map(f -> RealTables.readFile(table, f))
        .sorted((a, b) -> Long.compare((Long) b.get(0).getField("id"), (Long) a.get(0).getField("id")))
        .forEach(all::addAll);
    assertThat(all).hasSize(8000);
    assertThat(all).extracting(r -> (Long) r.getField("id")).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(RealTables.checksum(all)).isEqualTo(RealTables.checksum(RealTables.read(table)));
  }

  @Test
  void theVectorizedShapeCanBeTurnedOff() {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    RealTables.append(table, RealTables.rows(0, 10, "eu", 1));
    Map<String, String> metrics = new HashMap<>();
    RewriteTaskOutput output = new SparkTaskRewriter(spark, Duration.ofMinutes(5), false)
        .execute(RealTables.input(table, RealTables.planFiles(table), false, LARGE, "lw-7-0"), 1, metrics);
    assertThat(metrics).containsEntry("rewrite-shape", "row-by-row");
    assertThat(output.outputRows()).isEqualTo(10);
  }

  private static List<Record> rows(Table table, RewriteTaskOutput output) {
    List<Record> rows = new ArrayList<>();
    for (DataFile file : output.dataFiles()) {
      rows.addAll(RealTables.readFile(table, file));
    }
    return rows;
  }
}
