package io.lakeward.scheduler.task;

import java.util.List;
import org.apache.iceberg.DataFile;

/** STUB until the executor branch lands. */
public record RewriteTaskOutput(List<DataFile> dataFiles, long inputRows, long outputRows, long outputBytes, long elapsedMillis) {}
