package io.lakeward.optimizer.rewrite;

import static io.lakeward.optimizer.rewrite.RealTables.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewriteExecutorTest {
  private static final long LARGE = 512L * 1024 * 1024;

  @TempDir
  Path dir;

  private final RewriteExecutor executor = new RewriteExecutor(new Configuration());

  @Test
  void compactsManySmallFilesKeepingEveryRow() {
    Table table = RealTables.create(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build(),
        Map.of(TableProperties.PARQUET_COMPRESSION, "zstd"));
    List<Record> written = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String region = i % 2 == 0 ? "eu" : "us";
      List<Record> rows = RealTables.rows(i * 100L, 100, region, 1);
      RealTables.append(table, rows);
      written.addAll(rows);
    }

    RewriteTaskOutput output = executor.execute(RealTables.input(table, RealTables.planFiles(table), false, LARGE, "lw-1-0"), 1);

    assertThat(output.dataFiles()).hasSize(2);
    assertThat(output.inputRows()).isEqualTo(1200);
    assertThat(output.outputRows()).isEqualTo(1200);
    assertThat(output.outputBytes()).isEqualTo(output.dataFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum());
    assertThat(output.elapsedMillis()).isNotNegative();
    List<Record> rewritten = new ArrayList<>();
    for (DataFile file : output.dataFiles()) {
      assertThat(file.format()).isEqualTo(FileFormat.PARQUET);
      assertThat(file.specId()).isEqualTo(table.spec().specId());
      assertThat(Paths.get(file.location()).getFileName().toString()).startsWith("lw-1-0-a1-").endsWith(".parquet");
      assertThat(file.recordCount()).isEqualTo(600);
      assertThat(file.valueCounts()).containsEntry(1, 600L);
      assertThat(file.nullValueCounts()).containsEntry(1, 0L);
      assertThat(file.lowerBounds()).containsKeys(1, 2, 3, 4, 5);
      assertThat(file.upperBounds()).containsKeys(1, 2, 3, 4, 5);
      assertThat(file.splitOffsets()).isNotEmpty();
      List<Record> rows = RealTables.readFile(table, file);
      String region = file.partition().get(0, String.class);
      assertThat(file.location()).contains("/data/region=" + region + "/");
      assertThat(rows).allSatisfy(r -> assertThat(r.getField("region")).isEqualTo(region));
      rewritten.addAll(rows);
    }
    assertThat(rewritten).hasSize(written.size());
    assertThat(RealTables.checksum(rewritten)).isEqualTo(RealTables.checksum(written));
  }

  @Test
  void appliesPositionDeletes() {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    DataFile first = RealTables.append(table, RealTables.rows(0, 50, "eu", 1));
    DataFile second = RealTables.append(table, RealTables.rows(50, 50, "eu", 1));
    table.newRowDelta().addDeletes(RealTables.positionDeletes(table, first, 0, 1, 49))
        .addDeletes(RealTables.positionDeletes(table, second, 10)).commit();

    RewriteTaskOutput output = executor.execute(RealTables.input(table, RealTables.planFiles(table), false, LARGE, "lw-2-0"), 0);

    assertThat(output.inputRows()).isEqualTo(100);
    assertThat(output.outputRows()).isEqualTo(96);
    Set<Long> ids = ids(output, table);
    assertThat(ids).hasSize(96).doesNotContain(0L, 1L, 49L, 60L).contains(2L, 48L, 50L, 59L, 61L, 99L);
  }

  @Test
  void collapsesAnUpsertStreamToTheLatestVersionOfEachKey() {
    Table table = RealTables.create(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of());
    List<Long> keys = LongStream.range(0, 20).boxed().toList();
    RealTables.append(table, versions(keys, 1));
    for (int version = 2; version <= 6; version++) {
      // An upsert: the new rows, and equality deletes of the keys for everything written before.
      List<Record> rows = versions(keys, version);
      table.newRowDelta().addRows(RealTables.writeData(table, rows))
          .addDeletes(RealTables.equalityDeletes(table, rows.get(0), keys)).commit();
    }
    List<FileScanTask> files = RealTables.planFiles(table);
    assertThat(files).hasSize(6);

    RewriteTaskOutput output = executor.execute(RealTables.input(table, files, false, LARGE, "lw-3-0"), 2);

    assertThat(output.inputRows()).isEqualTo(120);
    assertThat(output.outputRows()).isEqualTo(20);
    List<Record> rows = new ArrayList<>();
    output.dataFiles().forEach(f -> rows.addAll(RealTables.readFile(table, f)));
    assertThat(rows).extracting(r -> (Long) r.getField("id")).containsExactlyInAnyOrderElementsOf(keys);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.getField("version")).isEqualTo(6);
      assertThat(r.getField("payload")).isEqualTo("payload-" + r.getField("id") + "-6");
    });
    assertThat(RealTables.checksum(rows)).isEqualTo(RealTables.checksum(versions(keys, 6)));
  }

  @Test
  void repartitionsFilesOfAnOlderSpecByTheCurrentSpec() {
    Table table = RealTables.create(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of());
    List<Record> written = new ArrayList<>();
    for (String region : List.of("eu", "us", "ap")) {
      List<Record> rows = RealTables.rows(written.size(), 200, region, 1);
      RealTables.append(table, rows);
      written.addAll(rows);
    }
    int oldSpec = table.spec().specId();
    table.updateSpec().removeField("region").addField(Expressions.day("ts")).addField(Expressions.bucket("id", 4)).commit();
    List<Record> newer = RealTables.rows(written.size(), 100, "eu", 1);
    RealTables.append(table, newer);
    written.addAll(newer);
    List<FileScanTask> files = RealTables.planFiles(table);
    assertThat(files).extracting(f -> f.file().specId()).contains(oldSpec, table.spec().specId());

    RewriteTaskOutput output = executor.execute(RealTables.input(table, files, false, LARGE, "lw-4-0"), 1);

    List<Record> rewritten = new ArrayList<>();
    for (DataFile file : output.dataFiles()) {
      assertThat(file.specId()).isEqualTo(table.spec().specId());
      List<Record> rows = RealTables.readFile(table, file);
      assertThat(rows).allSatisfy(row ->
          assertThat(table.spec().partitionToPath(RealTables.partitionOf(table, row))).isEqualTo(table.spec().partitionToPath(file.partition())));
      rewritten.addAll(rows);
    }
    // 72 hourly timestamps span three days, times four id buckets.
    assertThat(output.dataFiles()).hasSize(12);
    assertThat(RealTables.checksum(rewritten)).isEqualTo(RealTables.checksum(written));

    // The partitions of the evolved spec (field ids 1001, 1002) survive the wire and commit.
    RewriteTaskOutput decoded = RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING,
        RewriteTaskCodec.encodeOutput(output), table.specs());
    assertThat(decoded.dataFiles()).extracting(f -> table.spec().partitionToPath(f.partition()))
        .containsExactlyElementsOf(output.dataFiles().stream().map(f -> table.spec().partitionToPath(f.partition())).toList());
    RewriteFiles rewrite = table.newRewrite();
    files.forEach(f -> rewrite.deleteFile(f.file()));
    decoded.dataFiles().forEach(rewrite::addFile);
    rewrite.commit();
    assertThat(RealTables.planFiles(table)).hasSize(12).allSatisfy(f -> assertThat(f.spec()).isEqualTo(table.spec()));
    assertThat(RealTables.checksum(RealTables.read(table))).isEqualTo(RealTables.checksum(written));
  }

  @Test
  void sortsOutputFilesOnTheSortOrderOnlyWhenAsked() {
    Table table = RealTables.create(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of());
    table.replaceSortOrder().asc("id").commit();
    List<Long> ids = new ArrayList<>(LongStream.range(0, 3000).boxed().toList());
    Collections.shuffle(ids, new Random(42));
    for (int i = 0; i < 6; i++) {
      List<Record> rows = ids.subList(i * 500, (i + 1) * 500).stream()
          .map(id -> RealTables.row(id, id % 2 == 0 ? "even" : "odd", 1)).toList();
      for (String region : List.of("even", "odd")) {
        RealTables.append(table, rows.stream().filter(r -> r.getField("region").equals(region)).toList());
      }
    }

    RewriteTaskOutput sorted = executor.execute(RealTables.input(table, RealTables.planFiles(table), true, LARGE, "lw-5-0"), 1);

    assertThat(sorted.dataFiles()).hasSize(2).allSatisfy(file -> {
      assertThat(file.sortOrderId()).isEqualTo(table.sortOrder().orderId());
      List<Long> fileIds = RealTables.readFile(table, file).stream().map(r -> (Long) r.getField("id")).toList();
      assertThat(fileIds).hasSize(1500).isSorted();
    });

    RewriteTaskOutput unsorted = executor.execute(RealTables.input(table, RealTables.planFiles(table), false, LARGE, "lw-5-1"), 1);
    assertThat(unsorted.dataFiles()).allSatisfy(file -> assertThat(file.sortOrderId()).isZero());
  }

  @Test
  void aSortTaskLargerThanItsBufferSpillsSortedRunsAndMergesThem() throws Exception {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    table.replaceSortOrder().asc("id").commit();
    List<Long> ids = new ArrayList<>(LongStream.range(0, 5000).boxed().toList());
    Collections.shuffle(ids, new Random(7));
    for (int i = 0; i < 10; i++) {
      RealTables.append(table, ids.subList(i * 500, (i + 1) * 500).stream().map(id -> RealTables.row(id, "r", 1))
          .toList());
    }
    // About 64 bytes per estimated row: a buffer of 64 KB holds some 1,000 rows, so 5,000 rows make runs.
    RewriteExecutor small = new RewriteExecutor(new Configuration(), 64 * 1024);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long sortDirsBefore = sortDirs(tmp);

    Map<String, String> metrics = new java.util.HashMap<>();
    RewriteTaskOutput sorted = small.execute(RealTables.input(table, RealTables.planFiles(table), true, LARGE, "lw-9-0"), 1,
        metrics);

    assertThat(Integer.parseInt(metrics.get("sort-spilled-runs"))).as("runs on disk").isGreaterThanOrEqualTo(3);
    assertThat(sorted.outputRows()).isEqualTo(5000);
    assertThat(sorted.dataFiles()).hasSize(1);
    List<Long> fileIds = RealTables.readFile(table, sorted.dataFiles().get(0)).stream()
        .map(r -> (Long) r.getField("id")).toList();
    assertThat(fileIds).isSorted().containsExactlyInAnyOrderElementsOf(ids);
    assertThat(sortDirs(tmp)).as("spilled runs are deleted").isEqualTo(sortDirsBefore);
  }

  private static long sortDirs(Path tmp) throws Exception {
    try (var entries = java.nio.file.Files.list(tmp)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("lakeward-sort-")).count();
    }
  }

  @Test
  void rollsToANewFileAtTheTargetSize() {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    for (int i = 0; i < 4; i++) {
      RealTables.append(table, RealTables.rows(i * 10_000L, 10_000, "eu", 1));
    }
    long target = 64 * 1024;

    RewriteTaskOutput output = executor.execute(RealTables.input(table, RealTables.planFiles(table), false, target, "lw-6-0"), 3);

    assertThat(output.dataFiles()).hasSizeGreaterThan(3);
    assertThat(output.dataFiles().stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(40_000);
    // A writer's length counts buffered rows before encoding and compression, so files close at or
    // somewhat under the target; sizes are checked every 1000 rows.
    List<DataFile> allButLast = output.dataFiles().subList(0, output.dataFiles().size() - 1);
    assertThat(allButLast).allSatisfy(f -> {
      assertThat(f.recordCount() % 1000).isZero();
      assertThat(f.fileSizeInBytes()).isLessThan(target);
    });
    assertThat(output.dataFiles()).extracting(f -> Paths.get(f.location()).getFileName().toString())
        .doesNotHaveDuplicates().allSatisfy(name -> assertThat(name).startsWith("lw-6-0-a3-"));
  }

  @Test
  void writesTheTableFileFormat() {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of(TableProperties.DEFAULT_FILE_FORMAT, "avro"));
    List<Record> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      List<Record> rows = RealTables.rows(i * 10L, 10, "eu", 1);
      RealTables.append(table, rows);
      written.addAll(rows);
    }

    RewriteTaskOutput output = executor.execute(RealTables.input(table, RealTables.planFiles(table), false, LARGE, "lw-7-0"), 1);

    assertThat(output.dataFiles()).singleElement().satisfies(file -> {
      assertThat(file.format()).isEqualTo(FileFormat.AVRO);
      assertThat(file.location()).endsWith(".avro");
      assertThat(RealTables.checksum(RealTables.readFile(table, file))).isEqualTo(RealTables.checksum(written));
    });
  }

  @Test
  void failureDeletesEveryFileItWrote() throws Exception {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(), Map.of());
    RealTables.append(table, RealTables.rows(0, 5000, "eu", 1));
    DataFile missing = RealTables.append(table, RealTables.rows(5000, 10, "eu", 1));
    Files.delete(Paths.get(missing.location()));
    List<FileScanTask> files = RealTables.planFiles(table).stream()
        .sorted(Comparator.comparing((FileScanTask f) -> f.file().location().equals(missing.location()))).toList();
    // A one-byte target closes a file every 1000 rows, so several are complete when the missing file is reached.
    RewriteTaskInput input = RealTables.input(table, files, false, 1, "lw-fail-0");

    assertThatThrownBy(() -> executor.execute(input, 1)).hasMessageContaining(Paths.get(missing.location()).getFileName().toString());

    assertThat(RealTables.filesNamed(table, "lw-fail-0")).isEmpty();
  }

  @Test
  void readsEachDeleteFileOnceForAllTheDataFilesItAppliesTo() {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(),
        Map.of(CatalogProperties.FILE_IO_IMPL, CountingFileIO.class.getName()));
    List<Long> keys = LongStream.range(0, 200).boxed().toList();
    for (int file = 0; file < 20; file++) {
      RealTables.append(table, versions(keys.subList(file * 10, file * 10 + 10), 1));
    }
    List<String> deleteFiles = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      // Each equality-delete file removes keys from every one of the 20 data files.
      long offset = round;
      List<Long> deleted = LongStream.range(0, 20).map(file -> file * 10 + offset).boxed().toList();
      var delete = RealTables.equalityDeletes(table, RealTables.row(0, "eu", 1), deleted);
      table.newRowDelta().addDeletes(delete).commit();
      deleteFiles.add(delete.location());
    }
    List<FileScanTask> files = RealTables.planFiles(table);
    assertThat(files).hasSize(20).allSatisfy(f -> assertThat(f.deletes()).hasSize(5));
    CountingFileIO.OPENS.clear();

    RewriteTaskOutput output = executor.execute(RealTables.input(table, files, false, LARGE, "lw-del-0"), 1);

    assertThat(output.outputRows()).isEqualTo(200 - 5 * 20);
    for (String deleteFile : deleteFiles) {
      assertThat(CountingFileIO.OPENS.get(deleteFile)).as("opens of " + deleteFile).hasValue(1);
    }
  }

  @Test
  void interruptStopsTheRewriteAndDeletesItsFiles() {
    Table table = RealTables.create(dir, PartitionSpec.unpartitioned(),
        Map.of(CatalogProperties.FILE_IO_IMPL, InterruptingFileIO.class.getName()));
    RealTables.append(table, RealTables.rows(0, 10_000, "eu", 1));
    // Files roll every 1000 rows; the table's FileIO interrupts the thread when it creates the third.
    RewriteTaskInput input = RealTables.input(table, RealTables.planFiles(table), false, 1, "lw-int-0");

    try {
      assertThatThrownBy(() -> executor.execute(input, 1)).isInstanceOf(RewriteInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(RealTables.filesNamed(table, "lw-int-0")).isEmpty();
  }

  private static List<Record> versions(List<Long> keys, int version) {
    return keys.stream().map(id -> RealTables.row(id, "eu", version)).toList();
  }

  private static Set<Long> ids(RewriteTaskOutput output, Table table) {
    return output.dataFiles().stream().flatMap(f -> RealTables.readFile(table, f).stream())
        .map(r -> (Long) r.getField("id")).collect(Collectors.toSet());
  }
}
