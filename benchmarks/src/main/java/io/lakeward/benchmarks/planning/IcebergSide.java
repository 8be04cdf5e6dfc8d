package io.lakeward.benchmarks.planning;

import io.lakeward.scheduler.OptimizingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.BinPacking;
import org.apache.iceberg.util.StructLikeMap;

/**
 * The peer: what planning a bin-pack rewrite costs with Iceberg's core API alone, the least a Spark
 * {@code RewriteDataFiles} planning does before any job runs. {@code table.newScan().planFiles()}
 * (one pass over the manifests), every task kept in a map by partition ({@code StructLikeMap}), files
 * below 0.75 of the target size selected (RewriteDataFiles' default min-file-size-bytes), each
 * partition packed by {@code BinPacking.ListPacker} into groups of at most max-task-size-bytes
 * (lookback 1, as RewriteDataFiles), groups of two or more files kept. Sizes come from the table's
 * optimizing config, so both sides aim at the same files.
 */
final class IcebergSide implements PlanningSide {
  static final String NAME = "iceberg";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome plan(Table table) {
    long start = System.nanoTime();
    OptimizingConfig config = OptimizingConfig.of(table.properties());
    StructLikeMap<List<FileScanTask>> byPartition = StructLikeMap.create(table.spec().partitionType());
    long minFileSize = (long) (config.targetSize() * 0.75);
    try (CloseableIterable<FileScanTask> tasks = table.newScan().ignoreResiduals().planFiles()) {
      for (FileScanTask task : tasks) {
        if (task.file().fileSizeInBytes() < minFileSize) {
          byPartition.computeIfAbsent(task.file().partition(), p -> new ArrayList<>()).add(task);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifests of " + table.name(), e);
    }
    long scanned = System.nanoTime();
    int groups = 0;
    int files = 0;
    long bytes = 0;
    BinPacking.ListPacker<FileScanTask> packer = new BinPacking.ListPacker<>(config.maxTaskSizeBytes(), 1, false);
    for (List<FileScanTask> partition : byPartition.values()) {
      for (List<FileScanTask> group : packer.pack(partition, FileScanTask::length)) {
        if (group.size() > 1) {
          groups++;
          files += group.size();
          bytes += group.stream().mapToLong(FileScanTask::length).sum();
        }
      }
    }
    return new Outcome(scanned - start, System.nanoTime() - scanned, byPartition.size(), groups, files, bytes);
  }

  @Override
  public Outcome assess(Table table) {
    return plan(table);
  }
}
