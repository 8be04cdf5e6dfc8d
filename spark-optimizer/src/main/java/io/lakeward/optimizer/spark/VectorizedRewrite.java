package io.lakeward.optimizer.spark;

import static java.util.Objects.requireNonNull;

import io.lakeward.optimizer.rewrite.TableFileIO;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.spark.FileRewriteCoordinator;
import org.apache.iceberg.spark.ScanTaskSetManager;
import org.apache.iceberg.spark.SparkReadOptions;
import org.apache.iceberg.spark.SparkTableCache;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a task with Spark's own machinery through Iceberg's Spark integration: Iceberg's
 * vectorized Parquet reader (deletes applied) feeds Iceberg's Spark writer, in Spark tasks of about
 * one output file each, sorted by Spark's sorter when the task sorts. This is how Spark itself
 * reads and writes Iceberg tables, several times faster per byte than rows decoded into generic
 * records ({@link io.lakeward.optimizer.rewrite.RewriteExecutor}), with the same result: the live
 * rows of the task, in files of the table's current spec and write properties.
 *
 * <p>The task's files are staged under a set id for Iceberg's reader, and the writer hands the
 * files it wrote back under the same id instead of committing them; the AMS commits. A failed or
 * cancelled job deletes what it wrote (Spark aborts the write).
 */
final class VectorizedRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(VectorizedRewrite.class);
  /** Output files are cut into equal parts of at most this many target sizes, so no file is a small tail. */
  static final double MAX_FILE_SIZE_RATIO = 1.25;
  /**
   * Every Spark task writes one file (per partition of the output spec): the split plan sizes files.
   * Iceberg's writer would roll by its estimate of the open file's size, which counts the row group
   * in memory uncompressed, several times its size on disk, and cut a small tail off most files.
   */
  private static final long NO_ROLLING = Long.MAX_VALUE;

  private final SparkSession session;
  private final Configuration hadoopConf;

  VectorizedRewrite(SparkSession session) {
    this.session = requireNonNull(session, "session is null");
    this.hadoopConf = session.sparkContext().hadoopConfiguration();
  }

  /**
   * Why a task must take the row-by-row executor instead, if it must: files other than Parquet,
   * deletion vectors and row lineage (format v3), equality deletes (measured faster row by row: each
   * executor task of Spark's reader would load the task's equality deletes again), and sort orders
   * with transforms or nested fields.
   */
  static Optional<String> unsupportedReason(RewriteTaskInput input) {
    String format = input.tableProperties().getOrDefault(TableProperties.DEFAULT_FILE_FORMAT,
        TableProperties.DEFAULT_FILE_FORMAT_DEFAULT);
    if (!"parquet".equals(format.toLowerCase(Locale.ROOT))) {
      return Optional.of("writes " + format + " files");
    }
    for (FileScanTask task : input.files()) {
      if (task.file().format() != FileFormat.PARQUET) {
        return Optional.of("reads " + task.file().format() + " files");
      }
      if (task.file().firstRowId() != null) {
        return Optional.of("has row lineage");
      }
      for (ContentFile<?> delete : task.deletes()) {
        if (delete.content() == FileContent.EQUALITY_DELETES) {
          return Optional.of("has equality deletes");
        }
        if (delete.format() != FileFormat.PARQUET && delete.format() != FileFormat.AVRO) {
          return Optional.of("has " + delete.format() + " delete files");
        }
      }
    }
    if (input.sortsRows()) {
      for (SortField field : input.sortOrder().fields()) {
        if (!field.transform().isIdentity() || input.schema().asStruct().field(field.sourceId()) == null) {
          return Optional.of("sorts by " + field);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Rewrites the task in Spark jobs of the calling thread's job group ({@code setId} names the staged
   * files; unique per attempt). Throws when a job fails; Spark has then deleted what it wrote.
   */
  RewriteTaskOutput execute(RewriteTaskInput input, String setId, Map<String, String> metrics) {
    long started = System.nanoTime();
    FileIO io = TableFileIO.open(input.tableProperties(), hadoopConf);
    Table table = TaskTable.of(input, io);
    SparkTableCache.get().add(setId, table);
    ScanTaskSetManager.get().stageTasks(table, setId, input.files());
    try {
      int outputFiles = outputFileCount(estimatedOutputBytes(input), input.targetFileSizeBytes());
      long splitSize = Math.max(1, (inputBytes(input) + outputFiles - 1) / outputFiles);
      Dataset<Row> rows = session.read().format("iceberg")
          .option(SparkReadOptions.SCAN_TASK_SET_ID, setId)
          .option(SparkReadOptions.SPLIT_SIZE, splitSize)
          .option(SparkReadOptions.FILE_OPEN_COST, 0L)
          .load(setId);
      rows = input.sortsRows() ? sorted(rows, input, outputFiles) : rows.coalesce(outputFiles);
      rows.write().format("iceberg")
          .option(SparkWriteOptions.REWRITTEN_FILE_SCAN_TASK_SET_ID, setId)
          .option(SparkWriteOptions.TARGET_FILE_SIZE_BYTES, NO_ROLLING)
          .option(SparkWriteOptions.USE_TABLE_DISTRIBUTION_AND_ORDERING, false)
          .option(SparkWriteOptions.FANOUT_ENABLED, input.outputSpec().isPartitioned())
          .mode("append")
          .save(setId);
      @SuppressWarnings("unchecked")
      Set<DataFile> written = FileRewriteCoordinator.get().fetchNewFiles(table, setId);
      List<DataFile> files = withSortOrder(input, written);
      long inputRows = input.files().stream().mapToLong(task -> task.file().recordCount()).sum();
      long outputRows = files.stream().mapToLong(DataFile::recordCount).sum();
      long outputBytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      metrics.put("rewrite-shape", "vectorized");
      metrics.put("planned-output-files", Integer.toString(outputFiles));
      // The executors did the reading and writing; the driver planned the Spark jobs and waited.
      LOG.info("Vectorized rewrite of {} ({} files, {} rows) gave {} files ({} rows, {} bytes) in {} ms",
          input.table(), input.files().size(), inputRows, files.size(), outputRows, outputBytes, elapsed);
      return new RewriteTaskOutput(files, inputRows, outputRows, outputBytes, elapsed);
    } finally {
      SparkTableCache.get().remove(setId);
      ScanTaskSetManager.get().removeTasks(table, setId);
      FileRewriteCoordinator.get().clearRewrite(table, setId);
      io.close();
    }
  }

  /** Equal parts of at most {@link #MAX_FILE_SIZE_RATIO} target sizes. */
  static int outputFileCount(long estimatedBytes, long targetFileSizeBytes) {
    double parts = Math.ceil(estimatedBytes / (MAX_FILE_SIZE_RATIO * targetFileSizeBytes));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, parts));
  }

  private static long inputBytes(RewriteTaskInput input) {
    return input.files().stream().mapToLong(task -> task.file().fileSizeInBytes()).sum();
  }

  /** The data files' bytes less the share of their rows that position deletes remove. */
  private static long estimatedOutputBytes(RewriteTaskInput input) {
    long rows = 0;
    Map<String, Long> deletes = new HashMap<>();
    for (FileScanTask task : input.files()) {
      rows += task.file().recordCount();
      for (ContentFile<?> delete : task.deletes()) {
        deletes.putIfAbsent(delete.location(), delete.recordCount());
      }
    }
    long deleted = deletes.values().stream().mapToLong(Long::longValue).sum();
    double live = rows == 0 ? 1.0 : Math.max(0.0, 1.0 - (double) deleted / rows);
    return (long) (inputBytes(input) * live);
  }

  /** One global order over the task's output files: range-partitioned by the sort key, sorted within. */
  private static Dataset<Row> sorted(Dataset<Row> rows, RewriteTaskInput input, int outputFiles) {
    List<Column> keys = new ArrayList<>();
    for (SortField field : input.sortOrder().fields()) {
      Types.NestedField column = input.schema().asStruct().field(field.sourceId());
      Column key = functions.col("`" + column.name().replace("`", "``") + "`");
      boolean nullsFirst = field.nullOrder() == NullOrder.NULLS_FIRST;
      if (field.direction() == SortDirection.ASC) {
        keys.add(nullsFirst ? key.asc_nulls_first() : key.asc_nulls_last());
      } else {
        keys.add(nullsFirst ? key.desc_nulls_first() : key.desc_nulls_last());
      }
    }
    Column[] order = keys.toArray(Column[]::new);
    Dataset<Row> partitioned = outputFiles == 1 ? rows.coalesce(1) : rows.repartitionByRange(outputFiles, order);
    return partitioned.sortWithinPartitions(order);
  }

  /** Files say which order they are sorted by only when they really are; all carry the output spec. */
  private static List<DataFile> withSortOrder(RewriteTaskInput input, Set<DataFile> written) {
    SortOrder order = input.outputSortOrder();
    List<DataFile> files = new ArrayList<>(written.size());
    for (DataFile file : written) {
      files.add(DataFiles.builder(input.outputSpec()).copy(file).withSortOrder(order).build());
    }
    return files;
  }
}
