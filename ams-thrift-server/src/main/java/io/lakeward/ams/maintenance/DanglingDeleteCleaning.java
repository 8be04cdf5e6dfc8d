package io.lakeward.ams.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Removes delete files that no longer apply to any live data file from the table's current
 * snapshot, in one Iceberg commit that only removes delete files (a {@code replace} snapshot, which
 * incremental readers skip as carrying no data change).
 *
 * <p>"Applies" is decided the way readers decide it: a delete file applies when planning a full
 * scan of the snapshot attaches it to some data file. So a position delete file whose data files
 * were all rewritten or removed, and an equality delete file older (by data sequence number) than
 * every data file of its partition, are dangling; removing them changes no row a reader sees.
 *
 * <p>Concurrency: the commit fails, and nothing changes, when a concurrent commit removed one of the
 * files already. A concurrent commit cannot make a dangling file apply again: data files committed
 * later get a newer sequence number than any existing equality delete, except rewrites that keep an
 * older one, and those can only replace data files that were live when the plan was made and to
 * which the delete would then have applied; position deletes name data files that cannot come back.
 * Delete files that existed when a running optimizing process was planned are left alone: that
 * process may remove them in its own commit, which would fail if they were gone.
 */
public final class DanglingDeleteCleaning implements TableMaintainer {
  /** Snapshot summary property naming the maintenance action that wrote the snapshot. */
  public static final String ACTION_PROPERTY = "lakeward.maintenance.action";

  /** Stateless: everything comes with each run's context. */
  public DanglingDeleteCleaning() {}

  @Override
  public MaintenanceAction action() {
    return MaintenanceAction.CLEAN_DANGLING_DELETES;
  }

  @Override
  public MaintenanceOutcome maintain(MaintenanceContext context) {
    Table table = context.table();
    Snapshot current = table.currentSnapshot();
    List<DeleteFile> live = current == null ? List.of() : liveDeleteFiles(table, current);
    if (live.isEmpty()) {
      return outcome(List.of(), 0).build("The table has no delete files");
    }
    Set<String> applying = applyingDeleteFiles(table, current);
    long plannedBefore = newestProtectedSequenceNumber(table, context.protectedSnapshotIds());
    List<DeleteFile> dangling = new ArrayList<>();
    int held = 0;
    for (DeleteFile file : live) {
      if (applying.contains(key(file))) {
        continue;
      }
      if (sequenceNumber(file) <= plannedBefore) {
        held++;
      } else {
        dangling.add(file);
      }
    }
    MaintenanceOutcome.Builder outcome = outcome(dangling, held);
    if (dangling.isEmpty()) {
      return outcome.build(String.format("No dangling delete files among %d%s", live.size(), heldNote(held)));
    }
    if (!context.dryRun()) {
      RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(current.snapshotId());
      dangling.forEach(rewrite::deleteFile);
      rewrite.set(ACTION_PROPERTY, action().wireName());
      rewrite.commit();
    }
    MaintenanceOutcome counted = outcome.build("");
    return outcome.build(String.format("%s %d of %d delete files (%d position, %d equality, %d bytes)%s",
        context.dryRun() ? "Would remove" : "Removed", dangling.size(), live.size(),
        counted.metric("position-delete-files-removed"), counted.metric("equality-delete-files-removed"),
        counted.metric("bytes-removed"), heldNote(held)));
  }

  private static String heldNote(int held) {
    return held == 0 ? "" : "; " + held + " dangling ones kept until the running optimizing process ends";
  }

  private static MaintenanceOutcome.Builder outcome(List<DeleteFile> dangling, int held) {
    long positions = dangling.stream().filter(f -> f.content() == FileContent.POSITION_DELETES).count();
    return MaintenanceOutcome.builder()
        .set("delete-files-removed", dangling.size())
        .set("position-delete-files-removed", positions)
        .set("equality-delete-files-removed", dangling.size() - positions)
        .set("bytes-removed", dangling.stream().mapToLong(DeleteFile::fileSizeInBytes).sum())
        .set("delete-files-held-for-optimizing", held);
  }

  private static List<DeleteFile> liveDeleteFiles(Table table, Snapshot snapshot) {
    Map<Integer, PartitionSpec> specs = table.specs();
    List<DeleteFile> files = new ArrayList<>();
    for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), specs)) {
        reader.forEach(file -> files.add(file.copy()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read delete manifest " + manifest.path(), e);
      }
    }
    return files;
  }

  /** The delete files a full scan of the snapshot attaches to at least one data file. */
  private static Set<String> applyingDeleteFiles(Table table, Snapshot snapshot) {
    Set<String> applying = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId())
        .ignoreResiduals().planFiles()) {
      for (FileScanTask task : tasks) {
        task.deletes().forEach(file -> applying.add(key(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan a scan of " + table.name(), e);
    }
    return applying;
  }

  /** Deletion vectors share a Puffin file, so a delete file is its location and its offset in it. */
  private static String key(DeleteFile file) {
    return file.location() + "@" + (file.contentOffset() == null ? "" : file.contentOffset());
  }

  private static long sequenceNumber(DeleteFile file) {
    Long sequence = file.fileSequenceNumber() != null ? file.fileSequenceNumber() : file.dataSequenceNumber();
    return sequence == null ? 0 : sequence;
  }

  private static long newestProtectedSequenceNumber(Table table, Set<Long> protectedIds) {
    long newest = -1;
    for (long id : protectedIds) {
      Snapshot snapshot = table.snapshot(id);
      if (snapshot != null) {
        newest = Math.max(newest, snapshot.sequenceNumber());
      }
    }
    return newest;
  }
}
