package io.lakeward.ams.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.avro.InternalReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;

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
 * row at a time. Going through {@code Snapshot.allManifests} would keep every snapshot's manifest
 * list in memory for as long as the table is, which for thousands of snapshots is most of the heap.
 *
 * <p>Any file that cannot be read fails the whole build with an exception: an incomplete set would
 * make referenced files look orphaned.
 */
final class ReferencedFiles {
  // Field ids fixed by the Iceberg spec: manifest_path in manifest lists, data_file (2) with its
  // file_path (100) in manifest entries, the same for data and delete manifests of every version.
  private static final Schema MANIFEST_LIST_PATHS = new Schema(ManifestFile.PATH);
  private static final Schema MANIFEST_ENTRY_PATHS = new Schema(
      Types.NestedField.required(2, "data_file", Types.StructType.of(DataFile.FILE_PATH)));

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
    String manifestList = snapshot.manifestListLocation();
    if (manifestList == null) {
      // Format v1 allowed manifests listed in the metadata file itself; they are in memory already.
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        addManifest(manifest.path());
      }
      return;
    }
    add(manifestList);
    try (CloseableIterable<StructLike> rows = Avro.read(io.newInputFile(manifestList))
        .project(MANIFEST_LIST_PATHS).createResolvingReader(InternalReader::create).reuseContainers().build()) {
      for (StructLike row : rows) {
        addManifest(row.get(0, CharSequence.class).toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest list " + manifestList, e);
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read manifest list " + manifestList + ": " + e.getMessage(), e);
    }
  }

  private void addManifest(String manifest) {
    if (manifestsRead.contains(manifest)) {
      return;
    }
    add(manifest);
    // Entries of every status count, deleted ones too: keeping a file a manifest still names is
    // never wrong, and snapshot expiration is what removes those.
    try (CloseableIterable<StructLike> entries = Avro.read(io.newInputFile(manifest))
        .project(MANIFEST_ENTRY_PATHS).createResolvingReader(InternalReader::create).reuseContainers().build()) {
      for (StructLike entry : entries) {
        add(entry.get(0, StructLike.class).get(0, CharSequence.class).toString());
        manifestEntries++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest " + manifest, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read manifest " + manifest + ": " + e.getMessage(), e);
    }
    manifestsRead.add(manifest);
  }

  private void add(String location) {
    paths.add(StoragePaths.key(location));
  }
}
