package io.lakeward.optimizer.rewrite;

import static io.lakeward.optimizer.rewrite.RealTables.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path of a task's data, as the AMS and an optimizer exchange it: the input through the
 * codec, execution, the output back through the codec, and a RewriteFiles commit of the outputs.
 */
class RewriteCommitTest {
  @TempDir
  Path dir;

  @Test
  void outputsCommitWithRewriteFilesAndTheTableReadsTheSame() throws IOException {
    Table table = RealTables.create(dir, PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of());
    table.replaceSortOrder().asc("id").commit();
    for (int i = 0; i < 8; i++) {
      RealTables.append(table, RealTables.rows(i * 250L, 250, i % 2 == 0 ? "eu" : "us", 1));
    }
    List<Record> versionTwo = new ArrayList<>();
    for (long id = 0; id < 2000; id += 10) {
      versionTwo.add(RealTables.row(id, (id / 250) % 2 == 0 ? "eu" : "us", 2));
    }
    for (String region : List.of("eu", "us")) {
      List<Record> rows = versionTwo.stream().filter(r -> r.getField("region").equals(region)).toList();
      table.newRowDelta().addRows(RealTables.writeData(table, rows))
          .addDeletes(RealTables.equalityDeletes(table, rows.get(0), rows.stream().map(r -> (Long) r.getField("id")).toList()))
          .commit();
    }
    DataFile withHoles = RealTables.append(table, RealTables.rows(5000, 100, "eu", 1));
    table.newRowDelta().addDeletes(RealTables.positionDeletes(table, withHoles, 3, 4, 5)).commit();
    List<Record> before = RealTables.read(table);
    assertThat(before).hasSize(2097);
    long snapshot = table.currentSnapshot().snapshotId();
    List<FileScanTask> files = RealTables.planFiles(table);

    RewriteTaskInput input = RealTables.input(table, files, true, 512L * 1024 * 1024, "lw-9-0");
    byte[] wireInput = RewriteTaskCodec.encodeInput(input);
    RewriteTaskOutput executed = new RewriteExecutor(new Configuration())
        .execute(RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, wireInput), 1);
    RewriteTaskOutput output = RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING,
        RewriteTaskCodec.encodeOutput(executed), table.specs());
    assertThat(output.outputRows()).isEqualTo(2097);

    Set<DataFile> oldData = new HashSet<>();
    Set<DeleteFile> oldDeletes = new HashSet<>();
    files.forEach(f -> {
      oldData.add(f.file());
      oldDeletes.addAll(f.deletes());
    });
    RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(snapshot);
    oldData.forEach(rewrite::deleteFile);
    oldDeletes.forEach(rewrite::deleteFile);
    output.dataFiles().forEach(rewrite::addFile);
    rewrite.commit();

    List<Record> after = RealTables.read(table);
    assertThat(after).hasSize(before.size());
    assertThat(RealTables.checksum(after)).isEqualTo(RealTables.checksum(before));
    List<FileScanTask> remaining = RealTables.planFiles(table);
    assertThat(remaining).hasSize(2).allSatisfy(f -> assertThat(f.deletes()).isEmpty());
    assertThat(table.currentSnapshot().summary()).containsEntry("total-delete-files", "0");

    // Column bounds came through: a point lookup prunes to the one file that can hold the key.
    try (CloseableIterable<FileScanTask> pruned = table.newScan().filter(Expressions.equal("id", 5050L)).planFiles()) {
      List<FileScanTask> hits = new ArrayList<>();
      pruned.forEach(hits::add);
      assertThat(hits).singleElement().satisfies(f -> assertThat(f.file().partition().get(0, String.class)).isEqualTo("eu"));
    }
    try (CloseableIterable<FileScanTask> none = table.newScan().filter(Expressions.greaterThan("id", 9999L)).planFiles()) {
      assertThat(none).isEmpty();
    }
  }
}
