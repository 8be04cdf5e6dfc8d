package io.lakeward.ams.optimizing;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.runtime.OptimizingStatus;
import java.util.Optional;

/** The optimizing state of one managed table, as persisted in table_runtime. */
public record TableRuntime(
    TableName table,
    OptimizingStatus status,
    long statusSince,
    String group,
    Long evaluatedSnapshotId,
    String evaluatedMetadata,
    Long optimizedSnapshotId,
    long lastMinorAt,
    long lastMajorAt,
    long lastFullAt,
    Optional<OptimizingType> pendingType,
    String pendingReason,
    int healthScore,
    int dataFiles,
    int fragmentFiles,
    int equalityDeleteFiles,
    int positionDeleteFiles,
    String lastError,
    long updatedAt,
    Optional<OptimizingType> requestedType,
    long lastPlannedAt,
    Long processId) {

  /** The optimizing the planner should run: one asked for explicitly wins over the evaluated one. */
  public Optional<OptimizingType> dueType() {
    return requestedType.isPresent() ? requestedType : pendingType;
  }

  /**
   * A table seen for the first time: idle and healthy until evaluated. Its optimizing intervals
   * count from now, so a table the AMS just started to manage is not due on interval triggers at once.
   */
  public static TableRuntime discovered(TableName table, String group, long now) {
    return new TableRuntime(table, OptimizingStatus.IDLE, now, group, null, null, null, now, now, now, Optional.empty(), null,
        100, 0, 0, 0, 0, null, now, Optional.empty(), 0, null);
  }
}
