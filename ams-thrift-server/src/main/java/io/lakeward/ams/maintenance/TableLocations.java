package io.lakeward.ams.maintenance;

import io.lakeward.ams.maintenance.StoragePaths.StorageLocation;
import io.lakeward.common.exceptions.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.TableMetadata;

/**
 * Where a table writes its files: the data location (write.data.path, else the older
 * write.object-storage.path or write.folder-storage.path, else {@code <location>/data}) and the
 * metadata location (write.metadata.path, else {@code <location>/metadata}). Orphan cleaning lists
 * only these and never deletes anything outside them.
 */
final class TableLocations {
  // The deprecated property names Iceberg still honours for data files; spelt out to avoid deprecation noise.
  private static final List<String> DATA_PROPERTIES =
      List.of("write.data.path", "write.object-storage.path", "write.folder-storage.path");
  private static final String METADATA_PROPERTY = "write.metadata.path";

  private final String data;
  private final String metadata;
  private final StorageLocation metadataLocation;
  private final List<String> roots;
  private final List<StorageLocation> parsedRoots;

  private TableLocations(String data, String metadata) {
    this.data = data;
    this.metadata = metadata;
    this.metadataLocation = StoragePaths.parse(metadata);
    StorageLocation dataLocation = StoragePaths.parse(data);
    if (dataLocation.equals(metadataLocation) || metadataLocation.isBelow(dataLocation)) {
      this.roots = List.of(data);
    } else if (dataLocation.isBelow(metadataLocation)) {
      this.roots = List.of(metadata);
    } else {
      this.roots = List.of(data, metadata);
    }
    this.parsedRoots = roots.stream().map(StoragePaths::parse).toList();
  }

  static TableLocations of(TableMetadata metadata) {
    Map<String, String> properties = metadata.properties();
    String location = stripSlash(metadata.location());
    String data = DATA_PROPERTIES.stream().map(properties::get).filter(v -> v != null && !v.isBlank())
        .map(TableLocations::stripSlash).findFirst().orElse(location + "/data");
    String metadataLocation = Stream.of(properties.get(METADATA_PROPERTY)).filter(v -> v != null && !v.isBlank())
        .map(TableLocations::stripSlash).findFirst().orElse(location + "/metadata");
    TableLocations locations = new TableLocations(data, metadataLocation);
    for (int i = 0; i < locations.roots.size(); i++) {
      // A bucket or file system root is shared by everything in it; cleaning it would delete other tables' files.
      if (locations.parsedRoots.get(i).depth() == 0) {
        throw InvalidInputException.of("Cannot clean orphan files under %s: it is the root of a storage, "
            + "not a location of this table alone", locations.roots.get(i));
      }
    }
    return locations;
  }

  String data() {
    return data;
  }

  String metadata() {
    return metadata;
  }

  /** The locations to list, each once: when one lies inside the other only the outer one is listed. */
  List<String> roots() {
    return roots;
  }

  /** The root a file lies below, or null when it is outside every location of the table. */
  StorageLocation rootOf(StorageLocation file) {
    for (StorageLocation root : parsedRoots) {
      if (file.isBelow(root)) {
        return root;
      }
    }
    return null;
  }

  /** Whether a file lies in the metadata location (metadata wins when the locations nest). */
  boolean isMetadata(StorageLocation file) {
    return file.isBelow(metadataLocation);
  }

  /** The location of the version hint Hadoop tables keep next to their metadata files. */
  String versionHint() {
    return metadata + "/version-hint.text";
  }

  private static String stripSlash(String location) {
    String trimmed = location.trim();
    while (trimmed.endsWith("/") && trimmed.length() > 1 && !trimmed.endsWith("://")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
