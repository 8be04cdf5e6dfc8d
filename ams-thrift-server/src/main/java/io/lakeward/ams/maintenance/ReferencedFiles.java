package io.lakeward.ams.maintenance;

import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

/**
 * Every file a table's metadata references: metadata.json files (current and logged), the version
 * hint, statistics and partition statistics files, and for each snapshot its manifest list, its
 * manifests and every data and delete file those name. Held as {@link PathHashSet} keys.
 *
 * <p>Built from one metadata version and then extended with later versions: only snapshots and
 * manifests not seen before are read, so following a table that commits while it is being cleaned
 * costs what the new commits added. Nothing is ever removed, so a file referenced by any version
 * seen during the run stays referenced.
 *
 * <p>Manifest lists and manifests are read as plain Avro rows projected to their path columns, one
 * row at a time ({@link ListedManifests}, {@link ManifestRows}). Going through
 * {@code Snapshot.allManifests} would keep every snapshot's manifest list in memory for as long as
 * the table is, which for thousands of snapshots is most of the heap.
 *
 * <p>Any file that cannot be read fails the whole build with an exception: an incomplete set would
 * make referenced files look orphaned.
 */
final class ReferencedFiles {
  private final FileIO io;
  private final String versionHint;
  private final PathHashSet paths;
  private final Set<Long> snapshotsRead = new HashSet<>();
  // Exact paths, not hashes: a manifest is skipped when already read, and a hash collision here
  // would skip a manifest whose files were never added.
  private final Set<String> manifestsRead = new HashSet<>();
  private String tableUuid;
  private String lastMetadataFile;
  private long manifestEntries;

  ReferencedFiles(FileIO io, String versionHint, int expectedFiles) {
    this.io = io;
    this.versionHint = versionHint;
    this.paths = new PathHashSet(expectedFiles);
  }

  /**
   * Adds what this metadata version references and earlier calls have not added.
   *
   * @throws RuntimeException when a manifest list or manifest cannot be read, the current metadata
   *     file is unknown, or the metadata is of another table (dropped and re-created meanwhile);
   *     the set is then incomplete and must not be used to delete anything
   */
  void addFrom(TableMetadata metadata) {
    String metadataFile = metadata.metadataFileLocation();
    if (metadataFile == null) {
      // The current metadata file would look like an orphan.
      throw new IllegalStateException("The catalog did not say which metadata file is current");
    }
    if (tableUuid == null) {
      tableUuid = metadata.uuid();
    } else if (!tableUuid.equals(metadata.uuid())) {
      throw new IllegalStateException("The table was replaced by another one (uuid " + metadata.uuid() + ")");
    }
    if (metadataFile.equals(lastMetadataFile)) {
      return; // metadata files are immutable: the same file references the same files
    }
    add(versionHint);
    add(metadataFile);
    for (TableMetadata.MetadataLogEntry logged : metadata.previousFiles()) {
      add(logged.file());
    }
    for (StatisticsFile statistics : metadata.statisticsFiles()) {
      add(statistics.path());
    }
    for (PartitionStatisticsFile statistics : metadata.partitionStatisticsFiles()) {
      add(statistics.path());
    }
    for (Snapshot snapshot : metadata.snapshots()) {
      if (!snapshotsRead.contains(snapshot.snapshotId())) {
        addSnapshot(snapshot);
        snapshotsRead.add(snapshot.snapshotId());
      }
    }
    lastMetadataFile = metadataFile;
  }

  boolean contains(String key) {
    return paths.contains(key);
  }

  int size() {
    return paths.size();
  }

  long manifestEntriesRead() {
    return manifestEntries;
  }

  long footprintBytes() {
    return paths.footprintBytes();
  }

  private void addSnapshot(Snapshot snapshot) {
    if (snapshot.manifestListLocation() != null) {
      add(snapshot.manifestListLocation());
    }
    ListedManifests.forEach(snapshot, io, manifest -> addManifest(manifest.path()));
  }

  private void addManifest(String manifest) {
    if (manifestsRead.contains(manifest)) {
      return;
    }
    add(manifest);
    // Entries of every status count, deleted ones too: keeping a file a manifest still names is
    // never wrong, and snapshot expiration is what removes those.
    ManifestRows.forEachPath(io, manifest, false, path -> {
      add(path);
      manifestEntries++;
    });
    manifestsRead.add(manifest);
  }

  private void add(String location) {
    paths.add(StoragePaths.key(location));
  }
}
