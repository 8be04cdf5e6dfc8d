package io.lakeward.optimizer.rewrite;

import static java.util.Objects.requireNonNull;

import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderComparators;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one rewrite task: reads every data file of the task with the delete files that apply to
 * it, and writes the live rows into new data files of the table's current spec, in the table's file
 * format and write properties, rolling at the target file size.
 *
 * <p>When the task asks for sorting and the table has a sort order, the live rows of the task are
 * sorted before they are written, so every output file is sorted on the sort key. Rows take several
 * times their compressed Parquet size on the heap, so they are sorted in memory only up to a buffer
 * bound ({@code lakeward.rewrite.sort-buffer-bytes}, default an eighth of the heap); a larger task
 * spills sorted runs to local files and merges them ({@link ExternalSorter}).
 *
 * <p>It uses only Iceberg core/data/parquet and Hadoop APIs, so the same code runs in the standalone
 * optimizer and on Spark executors. Instances are thread-safe: every call works on its own state.
 */
public final class RewriteExecutor implements TaskRewriter {
  private static final Logger LOG = LoggerFactory.getLogger(RewriteExecutor.class);
  private static final int ROWS_BETWEEN_INTERRUPT_CHECKS = 1024;

  /** Heap a row takes per byte of its compressed file, roughly: decoded values, boxing, record objects. */
  private static final int HEAP_BYTES_PER_FILE_BYTE = 6;
  static final String SORT_BUFFER_PROPERTY = "lakeward.rewrite.sort-buffer-bytes";

  private final Configuration hadoopConf;
  private final long sortBufferBytes;

  public RewriteExecutor(Configuration hadoopConf) {
    this(hadoopConf, Long.getLong(SORT_BUFFER_PROPERTY, Runtime.getRuntime().maxMemory() / 8));
  }

  /** @param sortBufferBytes estimated heap the rows of a sorting task may take before they spill to disk */
  public RewriteExecutor(Configuration hadoopConf, long sortBufferBytes) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    this.sortBufferBytes = sortBufferBytes;
  }

  /**
   * Rewrites the task's files; {@code attemptId} distinguishes the file names of retries. Throws on
   * failure (an interrupt included, as {@link RewriteInterruptedException}) after deleting every file
   * it wrote.
   */
  public RewriteTaskOutput execute(RewriteTaskInput input, int attemptId) {
    return execute(input, attemptId, new HashMap<>());
  }

  @Override
  public RewriteTaskOutput execute(RewriteTaskInput input, int attemptId, Map<String, String> metrics) {
    requireNonNull(input, "input is null");
    requireNonNull(metrics, "metrics is null");
    long started = System.nanoTime();
    FileIO io = TableFileIO.open(input.tableProperties(), hadoopConf);
    try {
      PartitionedWriter writer = new PartitionedWriter(settings(input, attemptId, io));
      TaskReader reader = new TaskReader(io, input.schema(), input.tableProperties());
      try {
        long outputRows = write(input, reader, writer, metrics);
        List<DataFile> files = writer.complete();
        long outputBytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("Rewrote {} files of {} ({} rows) into {} files ({} rows, {} bytes) in {} ms",
            input.files().size(), input.table(), reader.rowsRead(), files.size(), outputRows, outputBytes, elapsed);
        return new RewriteTaskOutput(files, reader.rowsRead(), outputRows, outputBytes, elapsed);
      } catch (RuntimeException | Error e) {
        // An interrupt often surfaces as an I/O error of whatever was reading or writing at the time.
        Throwable failure = Thread.currentThread().isInterrupted() && !(e instanceof RewriteInterruptedException)
            ? new RewriteInterruptedException("Rewrite of " + input.table() + " interrupted", e)
            : e;
        cleanUp(input, writer, failure);
        if (failure instanceof Error error) {
          throw error;
        }
        throw (RuntimeException) failure;
      }
    } finally {
      io.close();
    }
  }

  /**
   * Deletes output files of an earlier {@link #execute} of this task, for an optimizer whose result
   * the AMS refused as stale. Failures are logged, not thrown: what is left is an orphan file.
   */
  @Override
  public void deleteOutput(RewriteTaskInput input, List<DataFile> files) {
    requireNonNull(input, "input is null");
    requireNonNull(files, "files is null");
    FileIO io = TableFileIO.open(input.tableProperties(), hadoopConf);
    try {
      for (DataFile file : files) {
        try {
          io.deleteFile(file.location());
        } catch (RuntimeException e) {
          LOG.warn("Cannot delete {} of a stale rewrite of {}; it is an orphan file now", file.location(), input.table(), e);
        }
      }
    } finally {
      io.close();
    }
  }

  private long write(RewriteTaskInput input, TaskReader reader, PartitionedWriter writer,
      Map<String, String> metrics) {
    if (!input.sortsRows()) {
      long[] rows = {0};
      readAll(input, reader, (row, bytes) -> {
        writer.write(row);
        rows[0]++;
      });
      return rows[0];
    }
    Path spillDir = Path.of(System.getProperty("java.io.tmpdir"), "lakeward-sort-" + UUID.randomUUID());
    try (ExternalSorter sorter = new ExternalSorter(input.schema(), comparator(input), sortBufferBytes, spillDir)) {
      readAll(input, reader, sorter::add);
      Iterator<Record> sorted = sorter.sorted();
      metrics.put("sort-spilled-runs", Integer.toString(sorter.spilledRuns()));
      if (sorter.spilledRuns() > 0) {
        LOG.info("Sorting the rows of a task of {} spilled {} runs to {}", input.table(), sorter.spilledRuns(), spillDir);
      }
      long rows = 0;
      while (sorted.hasNext()) {
        checkInterrupt(input, rows++);
        writer.write(sorted.next());
      }
      return rows;
    }
  }

  /** Feeds every live row of the task to sink, with the row's estimated heap size. */
  private static void readAll(RewriteTaskInput input, TaskReader reader, BiConsumer<Record, Long> sink) {
    long seen = 0;
    for (FileScanTask task : input.files()) {
      checkInterrupt(input, 0);
      long rowBytes = Math.max(64, HEAP_BYTES_PER_FILE_BYTE * task.file().fileSizeInBytes()
          / Math.max(1, task.file().recordCount()));
      try (CloseableIterable<Record> rows = reader.liveRows(task)) {
        for (Record row : rows) {
          checkInterrupt(input, seen++);
          sink.accept(row, rowBytes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close the reader of " + task.file().location(), e);
      }
    }
  }

  private static void checkInterrupt(RewriteTaskInput input, long row) {
    if (row % ROWS_BETWEEN_INTERRUPT_CHECKS == 0 && Thread.currentThread().isInterrupted()) {
      throw new RewriteInterruptedException("Rewrite of " + input.table() + " interrupted");
    }
  }

  private static Comparator<Record> comparator(RewriteTaskInput input) {
    Comparator<StructLike> byKey = SortOrderComparators.forSchema(input.schema(), input.sortOrder());
    // Sort transforms (days, buckets, ...) work on internal values; one wrapper per side of a comparison.
    InternalRecordWrapper left = new InternalRecordWrapper(input.schema().asStruct());
    InternalRecordWrapper right = new InternalRecordWrapper(input.schema().asStruct());
    return (a, b) -> byKey.compare(left.wrap(a), right.wrap(b));
  }

  private PartitionedWriter.FileSettings settings(RewriteTaskInput input, int attemptId, FileIO io) {
    Map<String, String> properties = input.tableProperties();
    String formatName = properties.getOrDefault(TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT);
    FileFormat format = FileFormat.fromString(formatName.toUpperCase(Locale.ROOT));
    // Files say which order they are sorted by only when they really are.
    SortOrder order = input.outputSortOrder();
    return new PartitionedWriter.FileSettings(io, LocationProviders.locationsFor(input.tableLocation(), properties),
        format, properties, input.schema(), input.outputSpec(), order, input.targetFileSizeBytes(),
        input.fileNamePrefix() + "-a" + attemptId);
  }

  private static void cleanUp(RewriteTaskInput input, PartitionedWriter writer, Throwable failure) {
    // Deleting through Hadoop clients fails while the interrupt flag is set; restore it afterwards.
    boolean interrupted = Thread.interrupted();
    try {
      List<String> files = List.copyOf(writer.createdLocations());
      writer.abort(failure);
      LOG.warn("Rewrite of {} failed; deleted the {} files it wrote: {}", input.table(), files.size(), failure.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
