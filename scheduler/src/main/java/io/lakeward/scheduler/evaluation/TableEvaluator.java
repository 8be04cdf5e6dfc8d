package io.lakeward.scheduler.evaluation;

import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.OptimizingType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Decides whether a table needs optimizing, from its manifests only (no data file is opened). Memory
 * is bounded by the number of partitions and delete files, not by the number of data files.
 *
 * <p>Triggers, per partition: <b>minor</b> when fragments plus equality-delete files reach
 * minor.trigger.file-count, or when minor.trigger.interval has passed with more than one such file;
 * <b>major</b> when undersized segments and fragments together can fill a target-size file, or a
 * data file's deleted records (position, and equality as an upper bound) exceed major.trigger.duplicate-ratio of its rows; <b>full</b> when
 * full.trigger.interval has passed since the last full optimizing or one was requested.
 */
public final class TableEvaluator {

  public TableEvaluation evaluate(Table table, OptimizingConfig config, OptimizingHistory history, long now) {
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return new TableEvaluation(-1, List.of(), Optional.empty(), 100, "empty table");
    }
    Map<String, Accumulator> partitions = new LinkedHashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId())
        .filter(config.filterExpression()).ignoreResiduals().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        PartitionSpec spec = table.specs().get(file.specId());
        String key = file.specId() + "/" + spec.partitionToPath(file.partition());
        partitions.computeIfAbsent(key, k -> new Accumulator(file.specId(), spec.partitionToPath(file.partition())))
            .add(file, task.deletes(), config);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifests of " + table.name(), e);
    }
    List<PartitionStats> stats = partitions.values().stream().map(Accumulator::build)
        .sorted(Comparator.comparing(PartitionStats::partition)).toList();
    Decision decision = decide(stats, config, history, now);
    return new TableEvaluation(snapshot.snapshotId(), stats, decision.type, healthScore(stats), decision.reason);
  }

  private record Decision(Optional<OptimizingType> type, String reason) {}

  private static Decision decide(List<PartitionStats> partitions, OptimizingConfig config, OptimizingHistory history,
      long now) {
    if (partitions.isEmpty()) {
      return new Decision(Optional.empty(), "no data files");
    }
    boolean fullDue = history.fullRequested()
        || (config.fullTriggerIntervalMillis() > 0 && now - history.lastFullMillis() >= config.fullTriggerIntervalMillis());
    if (fullDue) {
      return new Decision(Optional.of(OptimizingType.FULL), history.fullRequested() ? "full optimizing requested"
          : "full trigger interval elapsed");
    }
    for (PartitionStats partition : partitions) {
      if (majorDue(partition, config)) {
        return new Decision(Optional.of(OptimizingType.MAJOR), "partition " + partition.partition()
            + ": undersized files fill a target file or deletes exceed the duplicate ratio");
      }
    }
    boolean intervalElapsed = now - history.lastMinorMillis() >= config.minorTriggerIntervalMillis();
    for (PartitionStats partition : partitions) {
      if (minorDue(partition, config, intervalElapsed)) {
        return new Decision(Optional.of(OptimizingType.MINOR), "partition " + partition.partition() + ": "
            + partition.fragmentFiles() + " fragments and " + partition.equalityDeleteFiles() + " equality-delete files");
      }
    }
    return new Decision(Optional.empty(), "healthy");
  }

  static boolean minorDue(PartitionStats partition, OptimizingConfig config, boolean intervalElapsed) {
    int smallWork = partition.fragmentFiles() + partition.equalityDeleteFiles();
    return smallWork >= config.minorTriggerFileCount() || (intervalElapsed && smallWork > 1);
  }

  static boolean majorDue(PartitionStats partition, OptimizingConfig config) {
    int mergeable = partition.undersizedFiles() + partition.fragmentFiles();
    long mergeableBytes = partition.undersizedBytes() + partition.fragmentBytes();
    boolean fillsATarget = partition.undersizedFiles() > 0 && mergeable > 1 && mergeableBytes >= config.targetSize();
    return fillsATarget || partition.heavilyDeletedFiles() > 0;
  }

  /**
   * 100 minus penalties: up to 40 for the share of fragments, 20 for undersized segments, 25 for
   * equality-delete files and 15 for position-delete files (each relative to the data files).
   */
  static int healthScore(List<PartitionStats> partitions) {
    int data = partitions.stream().mapToInt(PartitionStats::dataFiles).sum();
    if (data == 0) {
      return 100;
    }
    double fragments = partitions.stream().mapToInt(PartitionStats::fragmentFiles).sum() / (double) data;
    double undersized = partitions.stream().mapToInt(PartitionStats::undersizedFiles).sum() / (double) data;
    double equality = Math.min(1, partitions.stream().mapToInt(PartitionStats::equalityDeleteFiles).sum() / (double) data);
    double position = Math.min(1, partitions.stream().mapToInt(PartitionStats::positionDeleteFiles).sum() / (double) data);
    double score = 100 - 40 * fragments - 20 * undersized - 25 * equality - 15 * position;
    return (int) Math.max(0, Math.min(100, Math.round(score)));
  }

  /** Per-partition counters; delete files are counted once however many data files they touch. */
  private static final class Accumulator {
    private final int specId;
    private final String partition;
    private int fragmentFiles;
    private long fragmentBytes;
    private int undersizedFiles;
    private long undersizedBytes;
    private int fullFiles;
    private long fullBytes;
    private int heavilyDeleted;
    private long records;
    private final Set<String> equalityDeletes = new HashSet<>();
    private final Set<String> positionDeletes = new HashSet<>();

    Accumulator(int specId, String partition) {
      this.specId = specId;
      this.partition = partition;
    }

    void add(DataFile file, List<DeleteFile> deletes, OptimizingConfig config) {
      long size = file.fileSizeInBytes();
      if (size <= config.fragmentSize()) {
        fragmentFiles++;
        fragmentBytes += size;
      } else if (size < config.minTargetSize()) {
        undersizedFiles++;
        undersizedBytes += size;
      } else {
        fullFiles++;
        fullBytes += size;
      }
      records += file.recordCount();
      long deleteRecords = 0;
      for (DeleteFile delete : deletes) {
        if (delete.content() == FileContent.EQUALITY_DELETES) {
          equalityDeletes.add(delete.location());
        } else {
          positionDeletes.add(delete.location());
        }
        deleteRecords += delete.recordCount();
      }
      // Same rule as the planner's: equality-delete records count in full, an upper bound. Fragments
      // are minor optimizing's work whatever their deletes.
      if (size > config.fragmentSize() && deleteRecords > config.majorTriggerDuplicateRatio() * file.recordCount()) {
        heavilyDeleted++;
      }
    }

    PartitionStats build() {
      return new PartitionStats(specId, partition, fragmentFiles, fragmentBytes, undersizedFiles, undersizedBytes,
          fullFiles, fullBytes, equalityDeletes.size(), positionDeletes.size(), heavilyDeleted, records);
    }
  }

}
