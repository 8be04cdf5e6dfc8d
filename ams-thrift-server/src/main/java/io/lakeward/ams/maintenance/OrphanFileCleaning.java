package io.lakeward.ams.maintenance;

import io.lakeward.common.exceptions.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.PlaintextEncryptionManager;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files in a table's data and metadata locations that nothing in the table references and
 * that are older than {@code clean-orphan-file.min-existing-time-minutes} (default 2880, two days):
 * the leftovers of failed writes and of snapshot expirations that could not finish.
 *
 * <p>Safety comes first; a file is deleted only when all of these hold:
 * <ul>
 *   <li>the complete set of files the table references could be read (every manifest list and
 *       manifest of every snapshot, metadata.json files, statistics); any unreadable file fails the
 *       run before anything is deleted;
 *   <li>it lies below the table's data or metadata location, not in a hidden place;
 *   <li>it was last modified before the cutoff: the minimum age ago, and also more than a minute
 *       before the table's last commit and before the snapshot any running optimizing process was
 *       planned from, because files written after those may belong to a commit still in flight;
 *   <li>the table, re-read just before the file's batch is deleted, still does not reference it,
 *       so a file committed while the run lists is kept.
 * </ul>
 *
 * <p>Memory stays bounded for tables with millions of files: the listing is streamed, references
 * are 128-bit hashes in a primitive set, manifests are read row by row, deletions go in batches.
 */
public final class OrphanFileCleaning implements TableMaintainer {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanFileCleaning.class);

  public static final String MIN_EXISTING_TIME_MINUTES = "clean-orphan-file.min-existing-time-minutes";
  public static final long DEFAULT_MIN_EXISTING_TIME_MINUTES = 2880;
  /** How long before the table's last commit a file must be, so writes of a commit in flight are kept. */
  static final long COMMIT_GUARD_MILLIS = 60_000;
  static final int DEFAULT_BATCH_SIZE = 1000;
  static final int DEFAULT_EXAMPLES = 10;

  private final int batchSize;
  private final int exampleLimit;

  public OrphanFileCleaning() {
    this(DEFAULT_BATCH_SIZE, DEFAULT_EXAMPLES);
  }

  /**
   * @param batchSize how many candidates are re-checked against the table and deleted together
   * @param exampleLimit how many orphan paths the summary names
   */
  OrphanFileCleaning(int batchSize, int exampleLimit) {
    if (batchSize < 1 || exampleLimit < 0) {
      throw new IllegalArgumentException("Invalid batch size " + batchSize + " or example limit " + exampleLimit);
    }
    this.batchSize = batchSize;
    this.exampleLimit = exampleLimit;
  }

  @Override
  public MaintenanceAction action() {
    return MaintenanceAction.CLEAN_ORPHAN_FILES;
  }

  @Override
  public MaintenanceOutcome maintain(MaintenanceContext context) {
    long minAgeMinutes = context.properties().nonNegative(MIN_EXISTING_TIME_MINUTES, DEFAULT_MIN_EXISTING_TIME_MINUTES);
    Table table = context.table();
    TableOperations operations = operations(table);
    TableMetadata metadata = operations.current();
    if (!metadata.encryptionKeys().isEmpty() || !(operations.encryption() instanceof PlaintextEncryptionManager)) {
      throw InvalidInputException.of("Cannot clean orphan files of %s: its files are encrypted", context.name());
    }
    TableLocations locations = TableLocations.of(metadata);
    long cutoff = cutoff(context.now(), minAgeMinutes, metadata, context.protectedSnapshotIds(),
        context.name().toString());

    ReferencedFiles references = new ReferencedFiles(table.io(), locations.versionHint(), expectedFiles(metadata));
    long started = System.nanoTime();
    try {
      references.addFrom(metadata);
    } catch (NoSuchTableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read every file " + context.name() + " references, so nothing was "
          + "deleted: " + e.getMessage(), e);
    }
    LOG.info("{} references {} files ({} manifest entries read, {} KiB of hashes in {} ms); listing {}",
        context.name(), references.size(), references.manifestEntriesRead(), references.footprintBytes() / 1024,
        (System.nanoTime() - started) / 1_000_000, locations.roots());

    OrphanSweep sweep = new OrphanSweep(table, operations, references, locations, cutoff, context.dryRun(),
        batchSize, exampleLimit);
    for (String root : locations.roots()) {
      try (FileListing.Listing listing = FileListing.open(table.io(), root)) {
        while (listing.hasNext()) {
          sweep.consider(listing.next());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close the listing of " + root, e);
      }
    }
    sweep.finish();
    return sweep.outcome(minAgeMinutes);
  }

  /**
   * Files modified at or after the cutoff are kept. It is the minimum age ago, moved earlier to a
   * minute before the table's last commit and before the snapshot of each running optimizing
   * process: a writer that commits one batch after another writes its next files after its last
   * commit, and an optimizing process writes its output after the snapshot it was planned from, so
   * files that young may belong to a commit in flight, whatever the minimum age says. The minute
   * absorbs coarse file system clocks. The price: an orphan written after a table's last commit
   * waits for the next commit (of any kind, snapshot expiration included) before it can go.
   */
  static long cutoff(long now, long minAgeMinutes, TableMetadata metadata, Set<Long> protectedSnapshotIds,
      String table) {
    long minAgeMillis = minAgeMinutes > Long.MAX_VALUE / 60_000 ? Long.MAX_VALUE : minAgeMinutes * 60_000;
    long cutoff = now - minAgeMillis;
    cutoff = Math.min(cutoff, metadata.lastUpdatedMillis() - COMMIT_GUARD_MILLIS);
    for (long snapshotId : protectedSnapshotIds) {
      Snapshot planned = metadata.snapshot(snapshotId);
      if (planned == null) {
        // Without the snapshot there is no telling since when that process has been writing.
        throw new IllegalStateException("Cannot clean orphan files of " + table + " while an optimizing "
            + "process planned from snapshot " + snapshotId + ", which the table no longer has, is running");
      }
      cutoff = Math.min(cutoff, planned.timestampMillis() - COMMIT_GUARD_MILLIS);
    }
    return cutoff;
  }

  private static TableOperations operations(Table table) {
    if (table instanceof HasTableOperations withOperations) {
      return withOperations.operations();
    }
    // Without the metadata file and its log the set of referenced files would be incomplete.
    throw new IllegalStateException("Cannot clean orphan files of " + table.name() + ": its metadata files "
        + "are not reachable through " + table.getClass().getName());
  }

  /** A sizing hint for the reference set from the current snapshot's totals, so it rarely has to grow. */
  private static int expectedFiles(TableMetadata metadata) {
    Snapshot current = metadata.currentSnapshot();
    if (current == null || current.summary() == null) {
      return 1024;
    }
    Map<String, String> summary = current.summary();
    long files = number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP)
        + number(summary, SnapshotSummary.TOTAL_DELETE_FILES_PROP) + metadata.snapshots().size() * 2L + 1024;
    return (int) Math.min(files, 1 << 26);
  }

  private static long number(Map<String, String> summary, String key) {
    try {
      return Long.parseLong(summary.getOrDefault(key, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
