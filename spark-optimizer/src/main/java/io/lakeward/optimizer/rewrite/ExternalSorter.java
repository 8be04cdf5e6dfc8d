package io.lakeward.optimizer.rewrite;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.DataWriter;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileAppender;

/**
 * Sorts the live rows of a task whether or not they fit in memory: rows are buffered up to a bound,
 * each full buffer is sorted and spilled to a local Avro file (a run), and the runs are merged. A task
 * whose rows fit in the buffer is sorted in memory and never touches the disk.
 *
 * <p>Not thread-safe: one sorter per task. {@link #close()} deletes the runs.
 */
final class ExternalSorter implements Closeable {
  private final Schema schema;
  private final Comparator<Record> comparator;
  private final long bufferBytes;
  private final Path spillDir;
  private final List<Record> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private final List<CloseableIterable<Record>> openRuns = new ArrayList<>();
  private long buffered;

  /**
   * @param bufferBytes how much estimated heap the buffered rows may take before they spill
   * @param spillDir where runs go (created on the first spill, deleted on close)
   */
  ExternalSorter(Schema schema, Comparator<Record> comparator, long bufferBytes, Path spillDir) {
    this.schema = requireNonNull(schema, "schema is null");
    this.comparator = requireNonNull(comparator, "comparator is null");
    this.bufferBytes = bufferBytes;
    this.spillDir = requireNonNull(spillDir, "spillDir is null");
  }

  /** Adds a row; rowBytes is its estimated heap size. */
  void add(Record row, long rowBytes) {
    buffer.add(row);
    buffered += rowBytes;
    if (buffered >= bufferBytes && buffer.size() > 1) {
      spill();
    }
  }

  /** How many runs went to disk so far. */
  int spilledRuns() {
    return runs.size();
  }

  /** Every added row in sort order; call once, after the last add. */
  Iterator<Record> sorted() {
    if (runs.isEmpty()) {
      buffer.sort(comparator);
      return buffer.iterator();
    }
    if (!buffer.isEmpty()) {
      spill();
    }
    return merge();
  }

  private void spill() {
    buffer.sort(comparator);
    try {
      Files.createDirectories(spillDir);
      Path run = spillDir.resolve("run-" + runs.size() + ".avro");
      runs.add(run);
      try (FileAppender<Record> appender = Avro.write(org.apache.iceberg.Files.localOutput(run.toFile()))
          .schema(schema).createWriterFunc(DataWriter::create).overwrite().build()) {
        appender.addAll(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot spill sorted rows to " + spillDir, e);
    }
    buffer.clear();
    buffered = 0;
  }

  private Iterator<Record> merge() {
    PriorityQueue<RunHead> heads = new PriorityQueue<>((a, b) -> comparator.compare(a.row, b.row));
    for (Path run : runs) {
      CloseableIterable<Record> rows = Avro.read(org.apache.iceberg.Files.localInput(run.toFile())).project(schema)
          .createResolvingReader(PlannedDataReader::create).build();
      openRuns.add(rows);
      CloseableIterator<Record> iterator = rows.iterator();
      if (iterator.hasNext()) {
        heads.add(new RunHead(iterator.next(), iterator));
      }
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public Record next() {
        RunHead head = heads.poll();
        if (head == null) {
          throw new NoSuchElementException();
        }
        Record row = head.row;
        if (head.rest.hasNext()) {
          heads.add(new RunHead(head.rest.next(), head.rest));
        }
        return row;
      }
    };
  }

  private record RunHead(Record row, Iterator<Record> rest) {}

  @Override
  public void close() {
    buffer.clear();
    for (CloseableIterable<Record> rows : openRuns) {
      try {
        rows.close();
      } catch (IOException e) {
        // Deleting the files below is what matters.
      }
    }
    for (Path run : runs) {
      try {
        Files.deleteIfExists(run);
      } catch (IOException e) {
        // A leftover run in the temp directory; nothing reads it.
      }
    }
    try {
      Files.deleteIfExists(spillDir);
    } catch (IOException e) {
      // Not empty or gone: nothing to do.
    }
  }
}
