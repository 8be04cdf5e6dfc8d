package io.lakeward.scheduler.planning;

import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.evaluation.PartitionStats;
import io.lakeward.scheduler.evaluation.TableEvaluation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.BinPacking;

/**
 * Turns an evaluation into a plan: per partition, the files the optimizing type rewrites, bin-packed
 * into tasks of at most max-task-size-bytes with the delete files each must apply. Partitions are
 * taken in order of cost (most small files and deletes first) until max-bytes-per-process.
 */
public final class OptimizingPlanner {

  /** Empty when nothing in the table is worth rewriting for this type. */
  public Optional<OptimizingPlan> plan(Table table, TableEvaluation evaluation, OptimizingConfig config, OptimizingType type) {
    Set<String> due = duePartitions(evaluation, config, type);
    Optional<Set<String>> allowed = filtered(table, evaluation.snapshotId(), config);
    Map<String, List<FileScanTask>> selected = new LinkedHashMap<>();
    Map<String, Integer> deleteReferences = new HashMap<>();
    Map<String, DeleteFile> deletesByPath = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(evaluation.snapshotId())
        .ignoreResiduals().planFiles()) {
      for (FileScanTask task : tasks) {
        for (DeleteFile delete : task.deletes()) {
          deleteReferences.merge(delete.location(), 1, Integer::sum);
          deletesByPath.putIfAbsent(delete.location(), delete);
        }
        DataFile file = task.file();
        PartitionSpec spec = table.specs().get(file.specId());
        String key = file.specId() + "/" + spec.partitionToPath(file.partition());
        if (due.contains(key) && selects(type, task, config)
            && allowed.map(paths -> paths.contains(file.location())).orElse(true)) {
          selected.computeIfAbsent(key, k -> new ArrayList<>()).add(task);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifests of " + table.name(), e);
    }

    List<PlannedTask> planned = new ArrayList<>();
    Map<String, Integer> covered = new HashMap<>();
    long budget = config.maxBytesPerProcess();
    for (Map.Entry<String, List<FileScanTask>> partition : byCost(selected)) {
      List<FileScanTask> files = partition.getValue();
      if (!worthRewriting(type, files)) {
        continue;
      }
      long partitionBytes = files.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum();
      if (!planned.isEmpty() && partitionBytes > budget) {
        continue;
      }
      budget -= partitionBytes;
      planned.addAll(pack(partition.getKey(), files, config.maxTaskSizeBytes()));
      for (FileScanTask task : files) {
        task.deletes().forEach(d -> covered.merge(d.location(), 1, Integer::sum));
      }
    }
    if (planned.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new OptimizingPlan(evaluation.snapshotId(), type, planned,
        removableDeletes(covered, deleteReferences, deletesByPath)));
  }

  /**
   * The files the self-optimizing.filter admits, if the table has one. The main scan stays unfiltered:
   * a delete file may be removed only when every file it applies to is rewritten, and files outside
   * the filter count too.
   */
  private static Optional<Set<String>> filtered(Table table, long snapshotId, OptimizingConfig config) {
    if (config.filter().isEmpty()) {
      return Optional.empty();
    }
    Set<String> paths = new java.util.HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId)
        .filter(config.filterExpression()).ignoreResiduals().planFiles()) {
      tasks.forEach(task -> paths.add(task.file().location()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the manifests of " + table.name(), e);
    }
    return Optional.of(paths);
  }

  private static Set<String> duePartitions(TableEvaluation evaluation, OptimizingConfig config, OptimizingType type) {
    return evaluation.partitions().stream()
        .filter(p -> type == OptimizingType.FULL || p.dataFiles() > 1 || p.equalityDeleteFiles() + p.positionDeleteFiles() > 0)
        .map(p -> p.specId() + "/" + p.partition())
        .collect(Collectors.toSet());
  }

  /** Which files a type rewrites: fragments for minor; all but healthy full files for major; all for full. */
  private static boolean selects(OptimizingType type, FileScanTask task, OptimizingConfig config) {
    long size = task.file().fileSizeInBytes();
    boolean hasDeletes = !task.deletes().isEmpty();
    return switch (type) {
      case MINOR -> size <= config.fragmentSize();
      case MAJOR -> size < config.minTargetSize() || heavilyDeleted(task, config) || (hasDeletes && size <= config.fragmentSize());
      case FULL -> true;
    };
  }

  /**
   * Deleted rows exceed the duplicate ratio of the file's rows. Equality-delete records count in full:
   * an upper bound without reading data, which lets major optimizing clean up upsert streams on large
   * files that minor optimizing (fragments only) leaves alone.
   */
  static boolean heavilyDeleted(FileScanTask task, OptimizingConfig config) {
    long deleteRecords = task.deletes().stream().mapToLong(DeleteFile::recordCount).sum();
    return deleteRecords > config.majorTriggerDuplicateRatio() * task.file().recordCount();
  }

  /** A single file without deletes gains nothing from a rewrite, unless full optimizing sorts it. */
  private static boolean worthRewriting(OptimizingType type, List<FileScanTask> files) {
    return type == OptimizingType.FULL || files.size() > 1 || files.stream().anyMatch(t -> !t.deletes().isEmpty());
  }

  private static List<Map.Entry<String, List<FileScanTask>>> byCost(Map<String, List<FileScanTask>> selected) {
    return selected.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, List<FileScanTask>> e) -> cost(e.getValue())).reversed()
            .thenComparing(Map.Entry::getKey))
        .toList();
  }

  /** Small files and deletes make queries slow, so they count more than bytes. */
  private static long cost(List<FileScanTask> files) {
    return files.size() + 2L * files.stream().mapToLong(t -> t.deletes().size()).sum();
  }

  private static List<PlannedTask> pack(String key, List<FileScanTask> files, long maxTaskSize) {
    int slash = key.indexOf('/');
    int specId = Integer.parseInt(key.substring(0, slash));
    String partition = key.substring(slash + 1);
    BinPacking.ListPacker<FileScanTask> packer = new BinPacking.ListPacker<>(maxTaskSize, 1, false);
    List<List<FileScanTask>> bins = packer.pack(files, t -> Math.max(1, t.file().fileSizeInBytes()));
    List<PlannedTask> tasks = new ArrayList<>();
    for (List<FileScanTask> bin : bins) {
      tasks.add(new PlannedTask(specId, partition, bin));
    }
    return tasks;
  }

  /** A delete file may go only when every data file it applies to is rewritten by this plan. */
  private static List<DeleteFile> removableDeletes(Map<String, Integer> covered, Map<String, Integer> references,
      Map<String, DeleteFile> deletes) {
    return covered.entrySet().stream()
        .filter(e -> e.getValue().equals(references.get(e.getKey())))
        .map(e -> deletes.get(e.getKey()))
        .toList();
  }
}
