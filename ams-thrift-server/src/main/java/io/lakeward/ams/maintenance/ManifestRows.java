package io.lakeward.ams.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.avro.InternalReader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Types;

/**
 * Reads manifest lists and manifests as plain Avro rows projected to the few columns maintenance
 * needs, one reused row at a time: no {@code ManifestFile} or {@code DataFile} objects, no decoded
 * partitions or metrics, nothing cached in a snapshot.
 */
final class ManifestRows {
  // Field ids fixed by the Iceberg spec: status (0) and data_file (2) with its file_path (100), the
  // same in data and delete manifests of every format version.
  private static final Schema ENTRY_PATHS = new Schema(
      Types.NestedField.required(0, "status", Types.IntegerType.get()),
      Types.NestedField.required(2, "data_file", Types.StructType.of(DataFile.FILE_PATH)));
  private static final int DELETED = 2;

  private ManifestRows() {}

  /**
   * Streams the rows of an Avro metadata file projected to {@code projection}; {@code what} names the
   * file in errors ("manifest list"). A file that cannot be read throws: callers must not act on part
   * of a manifest. Failures of {@code action} pass through as they are.
   */
  static void forEach(FileIO io, String location, Schema projection, String what, Consumer<StructLike> action) {
    try (CloseableIterable<StructLike> rows = Avro.read(io.newInputFile(location)).project(projection)
        .createResolvingReader(InternalReader::create).reuseContainers().build()) {
      for (StructLike row : rows) {
        action.accept(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + what + " " + location, e);
    } catch (UncheckedIOException | IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot read " + what + " " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Streams the data or delete file paths a manifest names: only those of live entries (added or
   * existing), or of every entry, deleted ones too.
   */
  static void forEachPath(FileIO io, String manifest, boolean liveOnly, Consumer<String> action) {
    forEach(io, manifest, ENTRY_PATHS, "manifest", entry -> {
      if (!liveOnly || entry.get(0, Integer.class) != DELETED) {
        action.accept(entry.get(1, StructLike.class).get(0, CharSequence.class).toString());
      }
    });
  }
}
