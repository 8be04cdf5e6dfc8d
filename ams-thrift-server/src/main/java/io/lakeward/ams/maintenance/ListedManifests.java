package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotParser;
import org.apache.iceberg.io.FileIO;

/**
 * Reads the manifests a snapshot lists, only the columns expiration needs: path, content and whether
 * the manifest can hold live files.
 *
 * <p>The manifest list is read as plain Avro rows projected to those columns. {@code Snapshot.allManifests}
 * would decode every column (partition summaries included) and keep the list cached in the snapshot
 * for as long as the table metadata lives, which for thousands of snapshots is more heap than the
 * AMS has.
 */
final class ListedManifests {
  // Field ids fixed by the Iceberg spec; content and the counts are optional (absent in format v1).
  private static final Schema PROJECTION = new Schema(ManifestFile.PATH, ManifestFile.MANIFEST_CONTENT,
      ManifestFile.ADDED_FILES_COUNT, ManifestFile.EXISTING_FILES_COUNT);

  /**
   * One manifest as a manifest list names it.
   *
   * @param mayHaveLiveFiles false when the list's counts say it holds neither added nor existing entries
   */
  record Manifest(String path, ManifestContent content, boolean mayHaveLiveFiles) {
    Manifest {
      requireNonNull(path, "path is null");
      requireNonNull(content, "content is null");
    }
  }

  private ListedManifests() {}

  /** Streams the manifests of a snapshot; any manifest list that cannot be read fails the call. */
  static void forEach(Snapshot snapshot, FileIO io, Consumer<Manifest> action) {
    String location = snapshot.manifestListLocation();
    if (location == null) {
      // Format v1 allowed manifests listed in the metadata file itself; a copy keeps the snapshot from caching them.
      for (ManifestFile manifest : SnapshotParser.fromJson(SnapshotParser.toJson(snapshot)).allManifests(io)) {
        action.accept(new Manifest(manifest.path(), manifest.content(),
            mayHaveLiveFiles(manifest.addedFilesCount(), manifest.existingFilesCount())));
      }
      return;
    }
    ManifestRows.forEach(io, location, PROJECTION, "manifest list", row -> {
      Integer content = row.get(1, Integer.class);
      action.accept(new Manifest(row.get(0, CharSequence.class).toString(),
          content == null ? ManifestContent.DATA : ManifestContent.fromId(content),
          mayHaveLiveFiles(row.get(2, Integer.class), row.get(3, Integer.class))));
    });
  }

  /** Unknown counts (format v1 lists may leave them out) may mean live files. */
  private static boolean mayHaveLiveFiles(Integer added, Integer existing) {
    return added == null || existing == null || added > 0 || existing > 0;
  }
}
