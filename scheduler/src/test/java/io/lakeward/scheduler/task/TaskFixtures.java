package io.lakeward.scheduler.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Real Iceberg tables on disk whose files are registered with full metrics; the codec only moves
 * metadata, so the files themselves need not exist.
 */
final class TaskFixtures {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(4, "score", Types.DoubleType.get()));

  private TaskFixtures() {}

  static Table table(Path dir, PartitionSpec spec) {
    return new HadoopTables(new Configuration()).create(SCHEMA, spec,
        Map.of(TableProperties.FORMAT_VERSION, "2", TableProperties.PARQUET_COMPRESSION, "zstd"),
        dir.resolve("t-" + UUID.randomUUID()).toString());
  }

  static Metrics metrics(long rows, long minId, long maxId) {
    return new Metrics(rows,
        Map.of(1, 100L, 2, 50L, 3, 80L, 4, 90L),
        Map.of(1, rows, 2, rows, 3, rows, 4, rows),
        Map.of(1, 0L, 2, 1L, 3, 0L, 4, 2L),
        Map.of(4, 1L),
        Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), minId),
            2, ByteBuffer.wrap("eu".getBytes()), 4, Conversions.toByteBuffer(Types.DoubleType.get(), -1.5)),
        Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), maxId),
            2, ByteBuffer.wrap("us".getBytes()), 4, Conversions.toByteBuffer(Types.DoubleType.get(), 99.25)));
  }

  static DataFile dataFile(Table table, String partitionPath, long rows) {
    DataFiles.Builder builder = DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(4096 + rows)
        .withMetrics(metrics(rows, 1, rows))
        .withSplitOffsets(List.of(4L, 2048L))
        .withSortOrder(table.sortOrder());
    if (partitionPath != null) {
      builder.withPartitionPath(partitionPath);
    }
    return builder.build();
  }

  /** A data file whose partition tuple is given as values, nulls included. */
  static DataFile dataFileWithPartition(Table table, long rows, Object... partitionValues) {
    PartitionData partition = new PartitionData(table.spec().partitionType());
    for (int i = 0; i < partitionValues.length; i++) {
      partition.set(i, partitionValues[i]);
    }
    return DataFiles.builder(table.spec()).copy(dataFile(table, null, rows)).withPartition(partition).build();
  }

  static DeleteFile positionDeletes(Table table, String partitionPath) {
    FileMetadata.Builder builder = FileMetadata.deleteFileBuilder(table.spec()).ofPositionDeletes()
        .withPath(table.location() + "/data/pos-" + UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET).withFileSizeInBytes(512).withRecordCount(3);
    if (partitionPath != null) {
      builder.withPartitionPath(partitionPath);
    }
    return builder.build();
  }

  static DeleteFile equalityDeletes(Table table, String partitionPath) {
    FileMetadata.Builder builder = FileMetadata.deleteFileBuilder(table.spec()).ofEqualityDeletes(1)
        .withPath(table.location() + "/data/eq-" + UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET).withFileSizeInBytes(256).withRecordCount(2)
        .withMetrics(new Metrics(2L, null, Map.of(1, 2L), Map.of(1, 0L), null,
            Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), 5L)),
            Map.of(1, Conversions.toByteBuffer(Types.LongType.get(), 7L))));
    if (partitionPath != null) {
      builder.withPartitionPath(partitionPath);
    }
    return builder.build();
  }

  static List<FileScanTask> planFiles(Table table) {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tasks;
  }

  static RewriteTaskInput input(Table table, List<FileScanTask> files, boolean sort) {
    return new RewriteTaskInput("lake.db." + table.location().substring(table.location().lastIndexOf('/') + 1),
        table.location(), table.properties(), table.schema(), table.spec(), table.sortOrder(), sort,
        128L * 1024 * 1024, "lw-42-7", files);
  }
}
