package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;

/**
 * What a data expiration run will change, planned on one snapshot.
 *
 * @param snapshotId the snapshot the plan was made on; the commit is validated from it
 * @param filesToRemove data files every live row of which is expired: removed from the table
 * @param rowDeletes data files some rows of which are expired: those rows get row deletes
 * @param rowsExpired rows that go: record counts of files removed on their metrics (which may
 *     include rows an earlier delete already removed), live expired rows of files that were read
 * @param filesRead data files whose rows had to be read
 * @param unparseableValues string values the pattern could not read (kept)
 * @param partitionsRemoved partitions left without data files (an unpartitioned table is one)
 * @param straddlingFilesSkipped files with expired rows that cannot get row deletes (format v1
 *     table, or a data file format other than Parquet)
 */
record DataExpirationPlan(
    long snapshotId,
    List<DataFile> filesToRemove,
    List<RowDeletes> rowDeletes,
    long rowsExpired,
    long filesRead,
    long unparseableValues,
    long partitionsRemoved,
    long straddlingFilesSkipped) {

  /** The expired rows of one data file, by position (ascending). */
  record RowDeletes(FileScanTask task, long[] positions) {
    RowDeletes {
      requireNonNull(task, "task is null");
      requireNonNull(positions, "positions is null");
    }
  }

  DataExpirationPlan {
    filesToRemove = List.copyOf(filesToRemove);
    rowDeletes = List.copyOf(rowDeletes);
  }

  boolean changesNothing() {
    return filesToRemove.isEmpty() && rowDeletes.isEmpty();
  }
}
