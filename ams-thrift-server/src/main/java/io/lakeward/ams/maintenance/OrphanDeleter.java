package io.lakeward.ams.maintenance;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a batch of files through a table's FileIO: one bulk request when it supports them (one
 * S3 DeleteObjects call per thousand keys), else file by file. Reports which files are still there
 * afterwards, so the counts in a run's record are exact even when some deletions fail.
 */
final class OrphanDeleter {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanDeleter.class);

  private final FileIO io;

  OrphanDeleter(FileIO io) {
    this.io = io;
  }

  /** Deletes the files; returns those that could not be deleted. */
  List<String> delete(List<String> locations) {
    if (locations.isEmpty()) {
      return List.of();
    }
    if (io instanceof SupportsBulkOperations bulk) {
      try {
        bulk.deleteFiles(locations);
        return List.of();
      } catch (BulkDeletionFailureException e) {
        LOG.warn("{} of {} orphan files could not be deleted", e.numberFailedObjects(), locations.size());
        return stillThere(locations);
      }
    }
    List<String> failed = new ArrayList<>();
    for (String location : locations) {
      try {
        io.deleteFile(location);
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete orphan file {}: {}", location, e.toString());
        failed.add(location);
      }
    }
    return failed;
  }

  /** After a partial bulk failure, which files remain (a file that cannot be checked counts as remaining). */
  private List<String> stillThere(List<String> locations) {
    List<String> remaining = new ArrayList<>();
    for (String location : locations) {
      try {
        if (io.newInputFile(location).exists()) {
          remaining.add(location);
        }
      } catch (RuntimeException e) {
        remaining.add(location);
      }
    }
    return remaining;
  }
}
