package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.maintenance.DataExpirationSettings.Level;
import io.lakeward.ams.maintenance.ExpirationField.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Plans a data expiration run on one snapshot: classifies every data file by its metrics and reads
 * the rows of the files the metrics cannot settle.
 *
 * <p>Level file: a file proven wholly expired is removed; a file that straddles the cutoff (or whose
 * metrics cannot tell) is read, and removed when every live row is expired, else its expired rows
 * get row deletes.
 *
 * <p>Level partition: a partition goes only when every data file in it is proven wholly expired (by
 * metrics, or by reading the files metrics cannot settle). A partition with one file that keeps a
 * row is left entirely alone, expired rows included: level partition never writes row deletes.
 * Partitions of different specs are different partitions. Tasks are kept in memory only for
 * partitions still in the running.
 */
final class ExpirationPlanner {
  private final Table table;
  private final ExpirationField.Cutoff cutoff;
  private final ExpiredRowScanner scanner;
  private final boolean rowDeletesSupported;

  private final List<DataFile> filesToRemove = new ArrayList<>();
  private final List<DataExpirationPlan.RowDeletes> rowDeletes = new ArrayList<>();
  private final Map<String, long[]> filesAndRemovedByPartition = new HashMap<>();
  private long rowsExpired;
  private long filesRead;
  private long unparseable;
  private long skipped;

  ExpirationPlanner(Table table, ExpirationField.Cutoff cutoff) {
    this.table = requireNonNull(table, "table is null");
    this.cutoff = requireNonNull(cutoff, "cutoff is null");
    this.scanner = new ExpiredRowScanner(table, cutoff);
    this.rowDeletesSupported = ExpiredRowDeleteWriter.supported(table);
  }

  DataExpirationPlan plan(Snapshot snapshot, Level level) {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId())
        .includeColumnStats(List.of(cutoff.field().name())).planFiles()) {
      if (level == Level.FILE) {
        tasks.forEach(this::planFile);
      } else {
        planPartitions(tasks);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of " + table.name(), e);
    }
    long partitionsRemoved = filesAndRemovedByPartition.values().stream()
        .filter(counts -> counts[1] > 0 && counts[0] == counts[1]).count();
    return new DataExpirationPlan(snapshot.snapshotId(), filesToRemove, rowDeletes, rowsExpired, filesRead, unparseable,
        partitionsRemoved, skipped);
  }

  private void planFile(FileScanTask task) {
    DataFile file = task.file();
    countFile(file);
    Verdict verdict = cutoff.classify(file);
    if (verdict == Verdict.ALL_EXPIRED) {
      remove(file, file.recordCount());
    } else if (verdict != Verdict.NONE_EXPIRED) {
      // a straddling file that cannot get row deletes is not worth reading; an unknown one may
      // still turn out wholly expired
      boolean pointless = verdict == Verdict.STRADDLES && !rowDeletesSupported;
      if (pointless || !ExpiredRowScanner.canRead(task)) {
        skipped++;
        return;
      }
      ExpiredRowScanner.Scan scan = read(task);
      if (scan.allExpired()) {
        remove(file, scan.liveRows());
      } else if (scan.expiredRows() > 0 && rowDeletesSupported) {
        rowDeletes.add(new DataExpirationPlan.RowDeletes(task, scan.expiredPositions()));
        rowsExpired += scan.expiredRows();
      } else if (scan.expiredRows() > 0) {
        skipped++;
      }
    }
  }

  /** Candidate partitions and their files so far; a partition that keeps a row maps to null. */
  private void planPartitions(CloseableIterable<FileScanTask> tasks) {
    Map<String, List<FileScanTask>> candidates = new LinkedHashMap<>();
    for (FileScanTask task : tasks) {
      String partition = countFile(task.file());
      if (candidates.containsKey(partition) && candidates.get(partition) == null) {
        continue;
      }
      Verdict verdict = cutoff.classify(task.file());
      boolean mayGo = verdict == Verdict.ALL_EXPIRED
          || (verdict == Verdict.UNKNOWN && ExpiredRowScanner.canRead(task));
      if (mayGo) {
        candidates.computeIfAbsent(partition, key -> new ArrayList<>()).add(task);
      } else {
        candidates.put(partition, null);
      }
    }
    candidates.values().stream().filter(partitionTasks -> partitionTasks != null).forEach(this::planPartition);
  }

  private void planPartition(List<FileScanTask> tasks) {
    long rows = 0;
    for (FileScanTask task : tasks) {
      if (cutoff.classify(task.file()) == Verdict.ALL_EXPIRED) {
        rows += task.file().recordCount();
        continue;
      }
      ExpiredRowScanner.Scan scan = read(task);
      if (scan.expiredRows() != scan.liveRows()) {
        return;
      }
      rows += scan.liveRows();
    }
    tasks.forEach(task -> remove(task.file(), 0));
    rowsExpired += rows;
  }

  private ExpiredRowScanner.Scan read(FileScanTask task) {
    ExpiredRowScanner.Scan scan = scanner.scan(task);
    filesRead++;
    unparseable += scan.unparseable();
    return scan;
  }

  private void remove(DataFile file, long rows) {
    filesToRemove.add(file);
    rowsExpired += rows;
    filesAndRemovedByPartition.get(partitionKey(file))[1]++;
  }

  /** Counts a data file in its partition; returns the partition's key. */
  private String countFile(DataFile file) {
    String key = partitionKey(file);
    filesAndRemovedByPartition.computeIfAbsent(key, k -> new long[2])[0]++;
    return key;
  }

  private String partitionKey(DataFile file) {
    return file.specId() + "/" + table.specs().get(file.specId()).partitionToPath(file.partition());
  }
}
