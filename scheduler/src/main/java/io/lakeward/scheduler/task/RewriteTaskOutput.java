package io.lakeward.scheduler.task;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import java.util.List;
import org.apache.iceberg.DataFile;

/**
 * What a rewrite task produced: the new data files (with partition and full column metrics, ready to
 * commit with {@code RewriteFiles}) and counters for the AMS to report.
 *
 * @param dataFiles files written; empty when every input row was deleted
 * @param inputRows rows read from the input data files, before deletes were applied
 * @param outputRows rows written
 * @param outputBytes total size of the written files
 * @param elapsedMillis wall time the executor spent on the task
 */
public record RewriteTaskOutput(List<DataFile> dataFiles, long inputRows, long outputRows, long outputBytes, long elapsedMillis) {
  public RewriteTaskOutput {
    checkArgument(dataFiles != null, "Invalid rewrite task output: data files are null");
    dataFiles.forEach(file -> checkArgument(file != null, "Invalid rewrite task output: null data file"));
    checkArgument(inputRows >= 0 && outputRows >= 0 && outputBytes >= 0 && elapsedMillis >= 0,
        "Invalid rewrite task output: negative counter (input rows %s, output rows %s, output bytes %s, elapsed %s ms)",
        inputRows, outputRows, outputBytes, elapsedMillis);
    dataFiles = List.copyOf(dataFiles);
  }
}
