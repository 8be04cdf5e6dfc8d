package io.lakeward.ams.maintenance;

import io.lakeward.ams.maintenance.StoragePaths.StorageLocation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.FileInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of orphan cleaning over a table's listing: each listed file is judged on its own as it
 * arrives, candidates collect in a bounded batch, and a full batch is checked once more against
 * the table as it is now and then deleted (or, in a dry run, only counted). Memory is the batch
 * and the reference set, whatever the number of files listed. Used once, by one thread.
 */
final class OrphanSweep {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);

  /** A file that looked orphaned when it was listed. */
  private record Candidate(String location, String key, long size, boolean metadata) {}

  private final Table table;
  private final TableOperations operations;
  private final ReferencedFiles references;
  private final TableLocations locations;
  private final long cutoffMillis;
  private final boolean dryRun;
  private final int batchSize;
  private final int exampleLimit;
  private final OrphanDeleter deleter;
  private final List<Candidate> batch = new ArrayList<>();
  private final List<String> examples = new ArrayList<>();
  private long scanned;
  private long outside;
  private long hidden;
  private long undated;
  private long recentUnreferenced;
  private long referencedDuringRun;
  private long orphans;
  private long orphanBytes;
  private long dataOrphans;
  private long metadataOrphans;
  private long deleted;
  private long bytesDeleted;
  private long deleteFailures;

  /**
   * @param references what the table referenced when the run started; extended before each batch
   * @param cutoffMillis files modified at or after this instant are never candidates
   */
  OrphanSweep(Table table, TableOperations operations, ReferencedFiles references, TableLocations locations,
      long cutoffMillis, boolean dryRun, int batchSize, int exampleLimit) {
    this.table = table;
    this.operations = operations;
    this.references = references;
    this.locations = locations;
    this.cutoffMillis = cutoffMillis;
    this.dryRun = dryRun;
    this.batchSize = batchSize;
    this.exampleLimit = exampleLimit;
    this.deleter = new OrphanDeleter(table.io());
  }

  /** Judges one listed file; deletes a batch when it is full. */
  void consider(FileInfo file) {
    if (++scanned % 10_000 == 0) {
      checkNotInterrupted(); // a listing with few orphans may run long between batches
    }
    StorageLocation location = StoragePaths.parse(file.location());
    StorageLocation root = locations.rootOf(location);
    if (root == null) {
      // A listing must only return what lies below the listed location; never act on anything else.
      if (outside++ == 0) {
        LOG.warn("Listing of {} returned {}, outside its locations; such files are ignored", table.name(),
            file.location());
      }
      return;
    }
    if (location.isHiddenBelow(root)) {
      hidden++;
      return;
    }
    if (references.contains(location.key())) {
      return;
    }
    if (file.createdAtMillis() <= 0) {
      undated++; // a storage that reports no time cannot show the file is old enough
      return;
    }
    if (file.createdAtMillis() >= cutoffMillis) {
      recentUnreferenced++;
      return;
    }
    batch.add(new Candidate(file.location(), location.key(), file.size(), locations.isMetadata(location)));
    if (batch.size() >= batchSize) {
      flush();
    }
  }

  /** Handles the last, partial batch. */
  void finish() {
    flush();
  }

  /**
   * Re-reads the table and drops candidates that a commit made since the run started references,
   * then deletes the rest. A file committed after this check was written before the cutoff and
   * committed later than the minimum age allows, which the minimum age exists to rule out.
   */
  private void flush() {
    if (batch.isEmpty()) {
      return;
    }
    checkNotInterrupted();
    try {
      table.refresh();
      references.addFrom(operations.current());
    } catch (NoSuchTableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot re-read the files " + table.name() + " references; stopped after "
          + "deleting " + deleted + " orphan files: " + e.getMessage(), e);
    }
    List<Candidate> confirmed = new ArrayList<>(batch.size());
    for (Candidate candidate : batch) {
      if (references.contains(candidate.key())) {
        referencedDuringRun++;
      } else {
        confirmed.add(candidate);
      }
    }
    batch.clear();
    for (Candidate orphan : confirmed) {
      orphans++;
      orphanBytes += orphan.size();
      if (orphan.metadata()) {
        metadataOrphans++;
      } else {
        dataOrphans++;
      }
      if (examples.size() < exampleLimit) {
        examples.add(orphan.location());
      }
    }
    if (!dryRun) {
      delete(confirmed);
    }
  }

  private void checkNotInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new IllegalStateException("Orphan cleaning of " + table.name() + " was interrupted after deleting "
          + deleted + " files");
    }
  }

  private void delete(List<Candidate> confirmed) {
    Set<String> failed = new HashSet<>(deleter.delete(confirmed.stream().map(Candidate::location).toList()));
    for (Candidate orphan : confirmed) {
      if (failed.contains(orphan.location())) {
        deleteFailures++;
      } else {
        deleted++;
        bytesDeleted += orphan.size();
      }
    }
    LOG.debug("Deleted {} orphan files of {} ({} failed)", confirmed.size() - failed.size(), table.name(),
        failed.size());
  }

  MaintenanceOutcome outcome(long minAgeMinutes) {
    MaintenanceOutcome.Builder outcome = MaintenanceOutcome.builder()
        .set("files-scanned", scanned)
        .set("orphan-files", orphans)
        .set("orphan-bytes", orphanBytes)
        .set("data-orphans", dataOrphans)
        .set("metadata-orphans", metadataOrphans)
        .set("files-deleted", deleted)
        .set("bytes-deleted", bytesDeleted)
        .set("delete-failures", deleteFailures)
        .set("recent-unreferenced-files", recentUnreferenced)
        .set("referenced-during-run", referencedDuringRun)
        .set("referenced-files", references.size());
    if (hidden > 0) {
      outcome.set("hidden-files-skipped", hidden);
    }
    if (undated > 0) {
      outcome.set("undated-files-skipped", undated);
    }
    return outcome.build(summary(minAgeMinutes));
  }

  private String summary(long minAgeMinutes) {
    StringBuilder summary = new StringBuilder();
    String counts = String.format("%d orphan files (%d data, %d metadata; %d bytes) of %d listed", orphans,
        dataOrphans, metadataOrphans, orphanBytes, scanned);
    summary.append(dryRun ? "Dry run: would delete " + counts : "Deleted " + (deleted == orphans ? counts
        : deleted + " of " + counts + "; " + deleteFailures + " could not be deleted"));
    if (recentUnreferenced > 0) {
      summary.append(String.format("; kept %d unreferenced files younger than %d min or than the last commit",
          recentUnreferenced, minAgeMinutes));
    }
    if (!examples.isEmpty()) {
      summary.append("; e.g. ").append(String.join(", ", examples));
    }
    return summary.toString();
  }
}
