package io.lakeward.ams.optimizing;

/** The encoded input or output of one task attempt, as stored while its process is alive. */
public record TaskPayload(long processId, int taskIndex, int attemptId, String encoding, byte[] data) {}
