package io.lakeward.ams.optimizing;

import io.lakeward.scheduler.runtime.TaskStatus;

/** One task of an optimizing process as persisted in optimizing_task, without its input and output. */
public record OptimizingTaskRecord(
    long processId,
    int taskIndex,
    TaskStatus status,
    int attemptId,
    int retryCount,
    String partition,
    int inputFiles,
    int inputDeleteFiles,
    long inputBytes,
    Integer outputFiles,
    Long outputBytes,
    Long outputRows,
    String optimizerToken,
    Integer threadId,
    Long scheduledAt,
    Long ackedAt,
    Long endedAt,
    Long durationMs,
    String failReason) {}
