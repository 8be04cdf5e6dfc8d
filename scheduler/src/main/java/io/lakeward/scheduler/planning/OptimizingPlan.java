package io.lakeward.scheduler.planning;

import io.lakeward.scheduler.OptimizingType;
import java.util.List;
import org.apache.iceberg.DeleteFile;

/**
 * What one optimizing process will do, planned from one snapshot: its tasks, and the delete files
 * the commit removes because every data file they apply to is rewritten. Delete files that still
 * apply to data outside the process stay in place.
 */
public record OptimizingPlan(long snapshotId, OptimizingType type, List<PlannedTask> tasks, List<DeleteFile> removableDeletes) {
  public OptimizingPlan {
    tasks = List.copyOf(tasks);
    removableDeletes = List.copyOf(removableDeletes);
  }

  public long inputBytes() {
    return tasks.stream().mapToLong(PlannedTask::inputBytes).sum();
  }

  public int dataFiles() {
    return tasks.stream().mapToInt(t -> t.dataFiles().size()).sum();
  }
}
