package io.lakeward.ams.optimizing;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.runtime.ProcessStatus;

/** One optimizing process of one table, planned from one snapshot, as persisted in optimizing_process. */
public record OptimizingProcess(
    long processId,
    TableName table,
    String group,
    OptimizingType type,
    ProcessStatus status,
    long plannedSnapshotId,
    double quota,
    int maxRetries,
    int taskCount,
    int inputFiles,
    int inputDeleteFiles,
    long inputBytes,
    Integer outputFiles,
    Long outputBytes,
    Long committedSnapshotId,
    long createdAt,
    Long endedAt,
    String failReason) {}
