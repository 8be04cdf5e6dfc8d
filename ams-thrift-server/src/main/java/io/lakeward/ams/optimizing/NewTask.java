package io.lakeward.ams.optimizing;

/** A planned task about to be stored: its statistics and its encoded input. */
public record NewTask(int taskIndex, String partition, int inputFiles, int inputDeleteFiles, long inputBytes,
    String inputEncoding, byte[] input) {}
