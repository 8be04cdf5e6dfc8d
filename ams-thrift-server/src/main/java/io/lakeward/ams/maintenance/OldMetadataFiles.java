package io.lakeward.ams.maintenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table metadata files that fell out of the metadata log: Iceberg keeps
 * {@code write.metadata.previous-versions-max} earlier versions in the log and, unless
 * {@code write.metadata.delete-after-commit.enabled} is set, leaves the older files behind.
 *
 * <p>A file in the current metadata file's directory qualifies when it is a metadata JSON file that
 * is neither current nor in the log, and is older than the oldest log entry, both by modification
 * time and, when the names carry one, by version number. A writer's commit writes its new file
 * before the catalog points to it, so that file is briefly neither current nor logged; it is newer
 * than every logged version, so it never qualifies. A file must also carry the table's UUID, so a
 * directory several tables share keeps the others' files. Files are compared by name within the directory,
 * because a listing and the metadata may spell the same directory differently (file:/ and file:///).
 */
final class OldMetadataFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OldMetadataFiles.class);
  private static final Pattern VERSIONED = Pattern.compile("^v?(\\d+)[-.].*");
  private static final Pattern TABLE_UUID = Pattern.compile("\"table-uuid\"\\s*:\\s*\"([^\"]+)\"");
  private static final int HEAD_BYTES = 8192;

  private OldMetadataFiles() {}

  /** The files to delete; empty when the FileIO cannot list or the log is empty. */
  static List<String> of(TableMetadata current, FileIO io) {
    String currentFile = current.metadataFileLocation();
    List<TableMetadata.MetadataLogEntry> log = current.previousFiles();
    if (!(io instanceof SupportsPrefixOperations) || currentFile == null || log.isEmpty()) {
      return List.of();
    }
    Set<String> kept = new HashSet<>();
    kept.add(name(currentFile));
    long oldestTime = Long.MAX_VALUE;
    long oldestVersion = Long.MAX_VALUE;
    boolean allVersioned = true;
    for (TableMetadata.MetadataLogEntry entry : log) {
      kept.add(name(entry.file()));
      oldestTime = Math.min(oldestTime, entry.timestampMillis());
      OptionalLong version = version(name(entry.file()));
      if (version.isPresent()) {
        oldestVersion = Math.min(oldestVersion, version.getAsLong());
      } else {
        allVersioned = false;
      }
    }
    String directory = currentFile.substring(0, currentFile.lastIndexOf('/') + 1);
    List<String> old = new ArrayList<>();
    // FileListing, not listPrefix: Hadoop's listing of a local directory starts a process per file.
    try (FileListing.Listing listing = FileListing.open(io, directory.substring(0, directory.length() - 1))) {
      while (listing.hasNext()) {
        FileInfo file = listing.next();
        if (isOld(file, directory, kept, oldestTime, allVersioned ? oldestVersion : -1)
            && sameTable(io, file.location(), current.uuid())) {
          old.add(file.location());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list metadata directory " + directory, e);
    }
    return old;
  }

  /**
   * Whether a listed file is a metadata JSON file of the directory outside the log and older than its
   * oldest entry (by version too, when every logged name carries one: oldestVersion >= 0).
   */
  private static boolean isOld(FileInfo file, String directory, Set<String> kept, long oldestTime, long oldestVersion) {
    String name = name(file.location());
    if (!isMetadataJson(name) || kept.contains(name) || !sameDirectory(file.location(), directory)
        || file.createdAtMillis() >= oldestTime) {
      return false;
    }
    if (oldestVersion < 0) {
      return true;
    }
    OptionalLong version = version(name);
    return version.isPresent() && version.getAsLong() < oldestVersion;
  }

  /**
   * Whether a metadata file belongs to this table: a metadata directory shared by several tables
   * (write.metadata.path) must not lose another table's files. Iceberg writes the table UUID near
   * the start of the file, so only the first bytes are read; a file that cannot be read is kept.
   */
  private static boolean sameTable(FileIO io, String location, String uuid) {
    try (InputStream raw = io.newInputFile(location).newStream();
        InputStream in = location.endsWith(".gz") || location.contains(".gz.") ? new GZIPInputStream(raw) : raw) {
      String head = new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
      Matcher matcher = TABLE_UUID.matcher(head);
      return matcher.find() && matcher.group(1).equals(uuid);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Keeping metadata file {}: cannot read its table UUID ({})", location, e.toString());
      return false;
    }
  }

  private static boolean isMetadataJson(String name) {
    return name.endsWith(".metadata.json") || name.endsWith(".metadata.json.gz") || name.endsWith(".gz.metadata.json");
  }

  /** Listings may recurse into subdirectories; only files directly in the metadata directory count. */
  private static boolean sameDirectory(String location, String directory) {
    return withoutScheme(location.substring(0, location.lastIndexOf('/') + 1)).equals(withoutScheme(directory));
  }

  /** file:/a/b/, file:///a/b/ and /a/b/ all become a/b/. */
  private static String withoutScheme(String location) {
    return location.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*:", "").replaceFirst("^/+", "");
  }

  private static String name(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static OptionalLong version(String name) {
    Matcher matcher = VERSIONED.matcher(name);
    if (!matcher.matches()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(matcher.group(1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
