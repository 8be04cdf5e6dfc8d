package org.apache.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * Opens two package-private parts of Iceberg to the maintenance benchmark's table generator: writing a
 * manifest list, and a snapshot with a timestamp of the generator's choosing. A table with 10,000 snapshots
 * spread over weeks cannot be built through the public commit path: every commit stamps the current time and
 * rewrites a metadata file that grows with the history (quadratic), so the generator writes each snapshot's
 * manifest list itself and adds the snapshots to the table metadata in a few large steps.
 */
public final class HistoryWriters {
  private HistoryWriters() {
  }

  /**
   * Writes a format-version-2 manifest list; manifests written for this snapshot (sequence number not yet
   * assigned) get {@code sequenceNumber}, as a commit would. Returns the manifests as the list now holds them
   * (read back, so every one carries its assigned sequence numbers for the next snapshot's list).
   */
  public static List<ManifestFile> writeManifestList(OutputFile file, long snapshotId, Long parentId,
      long sequenceNumber, List<ManifestFile> manifests) {
    try (ManifestListWriter writer = ManifestLists.write(2, file, snapshotId, parentId, sequenceNumber, null)) {
      writer.addAll(manifests);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write manifest list " + file.location(), e);
    }
    InputFile written = file.toInputFile();
    return ManifestLists.read(written);
  }

  /** A format-version-2 snapshot of the main history, as a commit at {@code timestampMillis} would make it. */
  public static Snapshot snapshot(long sequenceNumber, long snapshotId, Long parentId, long timestampMillis,
      String operation, Map<String, String> summary, int schemaId, String manifestList) {
    return new BaseSnapshot(sequenceNumber, snapshotId, parentId, timestampMillis, operation, summary, schemaId,
        manifestList, null, null, null);
  }
}
