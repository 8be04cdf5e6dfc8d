package io.lakeward.scheduler.task;

import static io.lakeward.scheduler.task.TaskFixtures.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewriteTaskCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void partitionedInputWithPositionAndEqualityDeletesAndSortOrderRoundTrips() throws Exception {
    Table table = TaskFixtures.table(dir, PartitionSpec.builderFor(SCHEMA).identity("region").day("ts").build());
    table.replaceSortOrder().asc("id").desc("score", NullOrder.NULLS_LAST).commit();
    String eu = "region=eu/ts_day=2024-01-02";
    String us = "region=us/ts_day=2024-01-03";
    table.newFastAppend().appendFile(TaskFixtures.dataFile(table, eu, 100)).appendFile(TaskFixtures.dataFile(table, eu, 200))
        .appendFile(TaskFixtures.dataFile(table, us, 300)).commit();
    DeleteFile equality = TaskFixtures.equalityDeletes(table, eu);
    DeleteFile position = TaskFixtures.positionDeletes(table, eu);
    table.newRowDelta().addDeletes(equality).addDeletes(position).commit();
    List<FileScanTask> files = TaskFixtures.planFiles(table);
    assertThat(files).filteredOn(f -> f.deletes().size() == 2).hasSize(2);

    RewriteTaskInput input = TaskFixtures.input(table, files, true);
    byte[] encoded = RewriteTaskCodec.encodeInput(input);
    RewriteTaskInput decoded = RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, encoded);

    assertSameInput(decoded, input);
    assertThat(decoded.sortOrder().fields()).hasSize(2);
    assertThat(decoded.sortOrder().fields().get(1).direction()).isEqualTo(SortDirection.DESC);
    // Each delete file is written once, however many data files it applies to.
    JsonNode document = JSON.readTree(encoded);
    assertThat(document.get("encoding").asText()).isEqualTo(RewriteTaskCodec.INPUT_ENCODING);
    assertThat(document.get("delete-files")).hasSize(2);
    assertThat(document.get("files")).hasSize(3);
  }

  @Test
  void unpartitionedInputRoundTrips() {
    Table table = TaskFixtures.table(dir, PartitionSpec.unpartitioned());
    table.newFastAppend().appendFile(TaskFixtures.dataFile(table, null, 10)).appendFile(TaskFixtures.dataFile(table, null, 20)).commit();
    table.newRowDelta().addDeletes(TaskFixtures.positionDeletes(table, null)).commit();

    RewriteTaskInput input = TaskFixtures.input(table, TaskFixtures.planFiles(table), false);
    RewriteTaskInput decoded = RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, RewriteTaskCodec.encodeInput(input));

    assertSameInput(decoded, input);
    assertThat(decoded.sortOrder().isUnsorted()).isTrue();
    assertThat(decoded.files()).allSatisfy(f -> assertThat(f.deletes()).hasSize(1));
  }

  @Test
  void filesOfAnOlderSpecAndAGlobalEqualityDeleteRoundTrip() {
    Table table = TaskFixtures.table(dir, PartitionSpec.unpartitioned());
    DataFile old = TaskFixtures.dataFile(table, null, 5);
    table.newFastAppend().appendFile(old).commit();
    DeleteFile global = TaskFixtures.equalityDeletes(table, null);
    table.updateSpec().addField("region").commit();
    table.newFastAppend().appendFile(TaskFixtures.dataFile(table, "region=eu", 7)).commit();
    table.newRowDelta().addDeletes(global).commit();

    List<FileScanTask> all = TaskFixtures.planFiles(table);
    RewriteTaskInput everything = TaskFixtures.input(table, all, false);
    assertSameInput(RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, RewriteTaskCodec.encodeInput(everything)), everything);

    // Only the partitioned file: its global delete was written under spec 0, which no data file of the task uses.
    List<FileScanTask> partitioned = all.stream().filter(f -> f.file().specId() == table.spec().specId()).toList();
    assertThat(partitioned).singleElement().satisfies(f -> assertThat(f.deletes()).singleElement()
        .satisfies(d -> assertThat(d.specId()).isNotEqualTo(table.spec().specId())));
    RewriteTaskInput input = TaskFixtures.input(table, partitioned, false);
    RewriteTaskInput decoded = RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, RewriteTaskCodec.encodeInput(input));
    assertSameInput(decoded, input);
  }

  @Test
  void outputRoundTripKeepsPartitionsMetricsAndSplitOffsets() {
    Table table = TaskFixtures.table(dir, PartitionSpec.builderFor(SCHEMA).identity("region").day("ts").bucket("id", 8).build());
    table.replaceSortOrder().asc("id").commit();
    List<DataFile> files = List.of(TaskFixtures.dataFile(table, "region=eu/ts_day=2024-01-02/id_bucket=3", 100),
        TaskFixtures.dataFileWithPartition(table, 7, null, null, 0));
    RewriteTaskOutput output = new RewriteTaskOutput(files, 1000, 107, 8400, 1234);

    byte[] encoded = RewriteTaskCodec.encodeOutput(output);
    RewriteTaskOutput decoded = RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING, encoded, table.specs());

    assertThat(decoded.inputRows()).isEqualTo(1000);
    assertThat(decoded.outputRows()).isEqualTo(107);
    assertThat(decoded.outputBytes()).isEqualTo(8400);
    assertThat(decoded.elapsedMillis()).isEqualTo(1234);
    assertThat(decoded.dataFiles()).hasSize(2);
    for (int i = 0; i < files.size(); i++) {
      assertSameFile(decoded.dataFiles().get(i), files.get(i), table.spec());
      assertThat(decoded.dataFiles().get(i).sortOrderId()).isEqualTo(table.sortOrder().orderId());
    }

    Table unpartitioned = TaskFixtures.table(dir, PartitionSpec.unpartitioned());
    DataFile plain = TaskFixtures.dataFile(unpartitioned, null, 3);
    RewriteTaskOutput single = RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING,
        RewriteTaskCodec.encodeOutput(new RewriteTaskOutput(List.of(plain), 3, 3, 10, 1)), unpartitioned.specs());
    assertSameFile(single.dataFiles().get(0), plain, unpartitioned.spec());
  }

  @Test
  void outputOfAnEvolvedSpecKeepsItsPartitionFieldIds() {
    Table table = TaskFixtures.table(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build());
    table.updateSpec().removeField("region").addField(Expressions.bucket("id", 4))
        .addField(Expressions.day("ts")).commit();
    assertThat(table.spec().fields()).extracting(f -> f.fieldId()).doesNotContain(1000);
    DataFile file = TaskFixtures.dataFileWithPartition(table, 12, 3, 19_800);

    RewriteTaskOutput decoded = RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING,
        RewriteTaskCodec.encodeOutput(new RewriteTaskOutput(List.of(file), 12, 12, 100, 1)), table.specs());

    assertSameFile(decoded.dataFiles().get(0), file, table.spec());
    assertThat(decoded.dataFiles().get(0).partition().get(0, Integer.class)).isEqualTo(3);
    assertThat(decoded.dataFiles().get(0).partition().get(1, Integer.class)).isEqualTo(19_800);
  }

  @Test
  void emptyOutputRoundTrips() {
    RewriteTaskOutput decoded = RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING,
        RewriteTaskCodec.encodeOutput(new RewriteTaskOutput(List.of(), 5, 0, 0, 2)), Map.of());
    assertThat(decoded.dataFiles()).isEmpty();
    assertThat(decoded.inputRows()).isEqualTo(5);
  }

  static void assertSameInput(RewriteTaskInput decoded, RewriteTaskInput original) {
    assertThat(decoded.table()).isEqualTo(original.table());
    assertThat(decoded.tableLocation()).isEqualTo(original.tableLocation());
    assertThat(decoded.tableProperties()).isEqualTo(original.tableProperties());
    assertThat(decoded.schema().sameSchema(original.schema())).as("schema %s", decoded.schema()).isTrue();
    assertThat(decoded.outputSpec()).isEqualTo(original.outputSpec());
    assertThat(decoded.sortOrder()).isEqualTo(original.sortOrder());
    assertThat(decoded.sort()).isEqualTo(original.sort());
    assertThat(decoded.targetFileSizeBytes()).isEqualTo(original.targetFileSizeBytes());
    assertThat(decoded.fileNamePrefix()).isEqualTo(original.fileNamePrefix());
    assertThat(decoded.files()).hasSameSizeAs(original.files());
    for (int i = 0; i < original.files().size(); i++) {
      FileScanTask expected = original.files().get(i);
      FileScanTask actual = decoded.files().get(i);
      assertThat(actual.spec()).isEqualTo(expected.spec());
      assertThat(actual.start()).isZero();
      assertThat(actual.length()).isEqualTo(expected.file().fileSizeInBytes());
      assertSameFile(actual.file(), expected.file(), expected.spec());
      List<DeleteFile> expectedDeletes = expected.deletes().stream().sorted(Comparator.comparing(DeleteFile::location)).toList();
      List<DeleteFile> actualDeletes = actual.deletes().stream().sorted(Comparator.comparing(DeleteFile::location)).toList();
      assertThat(actualDeletes).hasSameSizeAs(expectedDeletes);
      for (int d = 0; d < expectedDeletes.size(); d++) {
        DeleteFile expectedDelete = expectedDeletes.get(d);
        DeleteFile actualDelete = actualDeletes.get(d);
        assertThat(actualDelete.content()).isEqualTo(expectedDelete.content());
        assertThat(actualDelete.equalityFieldIds()).isEqualTo(expectedDelete.equalityFieldIds());
        assertThat(actualDelete.specId()).isEqualTo(expectedDelete.specId());
        assertSameMetrics(actualDelete, expectedDelete);
      }
    }
  }

  static void assertSameFile(DataFile actual, DataFile expected, PartitionSpec spec) {
    assertThat(actual.location()).isEqualTo(expected.location());
    assertThat(actual.format()).isEqualTo(expected.format());
    assertThat(actual.specId()).isEqualTo(expected.specId());
    assertThat(actual.fileSizeInBytes()).isEqualTo(expected.fileSizeInBytes());
    assertThat(spec.partitionToPath(actual.partition())).isEqualTo(spec.partitionToPath(expected.partition()));
    assertThat(actual.splitOffsets()).isEqualTo(expected.splitOffsets());
    assertThat(actual.sortOrderId()).isEqualTo(expected.sortOrderId());
    assertSameMetrics(actual, expected);
  }

  static void assertSameMetrics(ContentFile<?> actual, ContentFile<?> expected) {
    assertThat(actual.recordCount()).isEqualTo(expected.recordCount());
    assertThat(actual.columnSizes()).isEqualTo(expected.columnSizes());
    assertThat(actual.valueCounts()).isEqualTo(expected.valueCounts());
    assertThat(actual.nullValueCounts()).isEqualTo(expected.nullValueCounts());
    assertThat(actual.nanValueCounts()).isEqualTo(expected.nanValueCounts());
    assertThat(actual.lowerBounds()).isEqualTo(expected.lowerBounds());
    assertThat(actual.upperBounds()).isEqualTo(expected.upperBounds());
  }
}
