package io.lakeward.ams.maintenance;

import java.util.List;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files the table no longer references, in batches where the FileIO can. A file that
 * cannot be deleted is logged and left for orphan file cleaning: the metadata change that freed it
 * has already been committed, so failing the run would only repeat that.
 */
final class FileDeletions {
  private static final Logger LOG = LoggerFactory.getLogger(FileDeletions.class);
  private static final int BATCH = 1000;

  private FileDeletions() {}

  /** Returns how many of the files were deleted. */
  static long delete(FileIO io, List<String> locations, String kind) {
    long deleted = 0;
    for (int from = 0; from < locations.size(); from += BATCH) {
      List<String> batch = locations.subList(from, Math.min(locations.size(), from + BATCH));
      deleted += io instanceof SupportsBulkOperations bulk ? deleteBulk(bulk, batch, kind) : deleteEach(io, batch, kind);
    }
    return deleted;
  }

  private static long deleteBulk(SupportsBulkOperations io, List<String> batch, String kind) {
    try {
      io.deleteFiles(batch);
      return batch.size();
    } catch (BulkDeletionFailureException e) {
      LOG.warn("Cannot delete {} of {} {} files; orphan file cleaning will find them", e.numberFailedObjects(),
          batch.size(), kind);
      return batch.size() - e.numberFailedObjects();
    } catch (RuntimeException e) {
      LOG.warn("Cannot delete a batch of {} {} files in bulk ({}); deleting one by one", batch.size(), kind,
          e.toString());
      return deleteEach(io, batch, kind);
    }
  }

  private static long deleteEach(FileIO io, List<String> batch, String kind) {
    long deleted = 0;
    for (String location : batch) {
      try {
        io.deleteFile(location);
        deleted++;
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete {} file {}: {}", kind, location, e.toString());
      }
    }
    return deleted;
  }
}
