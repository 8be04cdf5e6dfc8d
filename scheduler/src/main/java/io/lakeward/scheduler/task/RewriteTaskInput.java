package io.lakeward.scheduler.task;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;

/**
 * What one rewrite task reads and how it writes; built by the AMS from a planned task and carried to
 * an optimizer by {@link RewriteTaskCodec}.
 *
 * <p>Every entry of {@code files} is a whole data file (as {@code planFiles()} returns them, never a
 * split) with exactly the delete files that apply to it: the planner has already taken sequence
 * numbers into account, so the executor applies every delete it is given.
 *
 * @param table display name for logs and errors, for example {@code cat.db.tbl}
 * @param tableLocation base location the table's location provider resolves data paths under
 * @param tableProperties the table's properties: write format, compression, metrics modes,
 *     {@code write.data.path} / location provider, {@code io-impl}, ...
 * @param schema the table's current schema; output files are written with it
 * @param outputSpec the table's current spec: output files are partitioned by it
 * @param sortOrder the table's sort order, possibly unsorted
 * @param sort whether to sort output files by {@code sortOrder}
 * @param targetFileSizeBytes output files roll to a new file once they reach this size
 * @param fileNamePrefix unique per task, for example {@code lw-<processId>-<taskIndex>}; the executor
 *     adds the attempt id and a counter
 * @param files the data files to rewrite, each with the delete files that apply to it
 */
public record RewriteTaskInput(
    String table,
    String tableLocation,
    Map<String, String> tableProperties,
    Schema schema,
    PartitionSpec outputSpec,
    SortOrder sortOrder,
    boolean sort,
    long targetFileSizeBytes,
    String fileNamePrefix,
    List<FileScanTask> files) {
  /** File name prefixes become part of file paths: no separators, nothing to escape a directory with. */
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public RewriteTaskInput {
    checkArgument(table != null && !table.isBlank(), "Invalid rewrite task: table name is empty");
    checkArgument(tableLocation != null && !tableLocation.isBlank(), "Invalid rewrite task of %s: table location is empty", table);
    checkArgument(tableProperties != null, "Invalid rewrite task of %s: table properties are null", table);
    tableProperties.forEach((key, value) -> checkArgument(key != null && value != null,
        "Invalid rewrite task of %s: table property %s has a null key or value", table, key));
    checkArgument(schema != null, "Invalid rewrite task of %s: schema is null", table);
    checkArgument(outputSpec != null, "Invalid rewrite task of %s: output spec is null", table);
    checkArgument(sortOrder != null, "Invalid rewrite task of %s: sort order is null", table);
    checkArgument(targetFileSizeBytes > 0, "Invalid rewrite task of %s: target file size %s bytes", table, targetFileSizeBytes);
    checkArgument(fileNamePrefix != null && PREFIX.matcher(fileNamePrefix).matches(),
        "Invalid rewrite task of %s: file name prefix '%s' (letters, digits, '.', '_', '-'; at most 128)",
        table, fileNamePrefix);
    checkArgument(files != null && !files.isEmpty(), "Invalid rewrite task of %s: no files", table);
    for (FileScanTask file : files) {
      checkArgument(file != null && file.file() != null, "Invalid rewrite task of %s: null file", table);
      checkArgument(file.start() == 0 && file.length() == file.file().fileSizeInBytes(),
          "Invalid rewrite task of %s: %s is a split (start %s, length %s of %s bytes); tasks rewrite whole files",
          table, file.file().location(), file.start(), file.length(), file.file().fileSizeInBytes());
    }
    tableProperties = Map.copyOf(tableProperties);
    files = List.copyOf(files);
  }

  /** Whether output rows are sorted: sorting is asked for and the table has a sort order. */
  public boolean sortsRows() {
    return sort && !sortOrder.isUnsorted();
  }

  /** The sort order output files are written in: the table's when rows are sorted, else unsorted. */
  public SortOrder outputSortOrder() {
    return sortsRows() ? sortOrder : SortOrder.unsorted();
  }
}
