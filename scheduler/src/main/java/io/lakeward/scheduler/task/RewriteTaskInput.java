package io.lakeward.scheduler.task;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;

/** STUB until the executor branch lands. */
public record RewriteTaskInput(String table, String tableLocation, Map<String, String> tableProperties, Schema schema,
    PartitionSpec outputSpec, SortOrder sortOrder, boolean sort, long targetFileSizeBytes, String fileNamePrefix,
    List<FileScanTask> files) {}
