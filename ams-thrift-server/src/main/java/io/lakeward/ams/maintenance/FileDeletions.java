package io.lakeward.ams.maintenance;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files the table no longer references as they are found, in batches where the FileIO can
 * (HadoopFileIO and the object-store FileIOs delete a batch in parallel). A file that cannot be
 * deleted is logged and left for orphan file cleaning: the metadata change that freed it has
 * already been committed, so failing the run would only repeat that. A dry run counts instead.
 */
final class FileDeletions {
  private static final Logger LOG = LoggerFactory.getLogger(FileDeletions.class);
  private static final int BATCH = 1000;

  private final FileIO io;
  private final String kind;
  private final boolean dryRun;
  private final List<String> pending = new ArrayList<>(BATCH);
  private long deleted;

  /**
   * @param kind what the files are, for logs ("data", "manifest")
   * @param dryRun count the files instead of deleting them
   */
  FileDeletions(FileIO io, String kind, boolean dryRun) {
    this.io = io;
    this.kind = kind;
    this.dryRun = dryRun;
  }

  /** Deletes the files and returns how many were deleted (a dry run: how many would be). */
  static long delete(FileIO io, List<String> locations, String kind, boolean dryRun) {
    FileDeletions deletions = new FileDeletions(io, kind, dryRun);
    locations.forEach(deletions::add);
    return deletions.finish();
  }

  /** Queues a file; deletes the queue once it is a batch. */
  void add(String location) {
    if (dryRun) {
      deleted++;
      return;
    }
    pending.add(location);
    if (pending.size() >= BATCH) {
      flush();
    }
  }

  /** Deletes what is queued; returns how many files were deleted in all. */
  long finish() {
    flush();
    return deleted;
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    deleted += io instanceof SupportsBulkOperations bulk ? deleteBulk(bulk, pending) : deleteEach(io, pending);
    pending.clear();
  }

  private long deleteBulk(SupportsBulkOperations bulk, List<String> batch) {
    try {
      bulk.deleteFiles(batch);
      return batch.size();
    } catch (BulkDeletionFailureException e) {
      LOG.warn("Cannot delete {} of {} {} files; orphan file cleaning will find them", e.numberFailedObjects(),
          batch.size(), kind);
      return batch.size() - e.numberFailedObjects();
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete a batch of {} {} files in bulk ({}); deleting one by one", batch.size(), kind,
          e.toString());
      return deleteEach(io, batch);
    }
  }

  private long deleteEach(FileIO fileIo, List<String> batch) {
    long count = 0;
    for (String location : batch) {
      try {
        fileIo.deleteFile(location);
        count++;
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete {} file {}: {}", kind, location, e.toString());
      }
    }
    return count;
  }
}
