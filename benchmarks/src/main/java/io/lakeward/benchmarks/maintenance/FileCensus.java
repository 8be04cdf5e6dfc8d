package io.lakeward.benchmarks.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

/**
 * What is on disk and what the table needs, read independently of both contestants: plain Java file walks
 * and Iceberg's readers on the metadata the pointer names. Paths are relative to the table copy's root
 * ({@code events/data/...}), sorted, so that listings of different copies and moments compare directly.
 */
final class FileCensus {
  private final FileIO io = new LocationKeepingFileIO();

  /**
   * Files a table state needs: the current metadata file, every snapshot's manifest list, the manifests
   * those list and the live data files in them.
   *
   * @param snapshots the snapshots the metadata holds
   * @param paths the needed files, sorted
   */
  record Needed(int snapshots, String[] paths) {
    boolean contains(String path) {
      return Arrays.binarySearch(paths, path) >= 0;
    }
  }

  /** Every regular file under {@code root/events}, relative to root, sorted. */
  String[] list(Path root) throws IOException {
    List<String> files = new ArrayList<>();
    int prefix = root.toString().length() + 1;
    Files.walkFileTree(root.resolve(HistoryGenerator.TABLE), new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          files.add(file.toString().substring(prefix));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    String[] sorted = files.toArray(String[]::new);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The files the metadata in {@code root}'s pointer needs; manifests shared by snapshots are read once. */
  Needed needed(Path root, Path pointer) throws IOException {
    String metadataLocation = Files.readString(pointer, StandardCharsets.UTF_8).trim();
    TableMetadata metadata = new StaticTableOperations(metadataLocation, io).current();
    String prefix = root.toAbsolutePath() + "/";
    List<String> needed = new ArrayList<>();
    needed.add(relative(prefix, metadataLocation));
    Set<String> manifests = new HashSet<>();
    for (Snapshot snapshot : metadata.snapshots()) {
      needed.add(relative(prefix, snapshot.manifestListLocation()));
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        if (!manifests.add(manifest.path())) {
          continue;
        }
        needed.add(relative(prefix, manifest.path()));
        try (CloseableIterable<String> files = ManifestFiles.readPaths(manifest, io)) {
          for (String file : files) {
            needed.add(relative(prefix, file));
          }
        }
      }
    }
    String[] sorted = needed.stream().distinct().toArray(String[]::new);
    Arrays.sort(sorted);
    return new Needed(metadata.snapshots().size(), sorted);
  }

  /** The kind of a table file by its name, for the report. */
  static String kind(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (path.contains("/data/")) {
      return "data";
    }
    if (name.endsWith(".metadata.json")) {
      return "metadata.json";
    }
    if (name.startsWith("snap-") && name.endsWith(".avro")) {
      return "manifest list";
    }
    if (name.endsWith(".avro")) {
      return "manifest";
    }
    return "other";
  }

  /** Writes a sorted listing, for comparing the contestants' copies after the run (and for a look by hand). */
  static void write(Path file, String[] paths) {
    try {
      Files.write(file, Arrays.asList(paths), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** The path under the copy's root of a location written as file:/x, file:///x or /x. */
  private static String relative(String prefix, String location) {
    String path = location.startsWith("file:") ? location.substring("file:".length()).replaceFirst("^//", "")
        : location;
    if (!path.startsWith(prefix)) {
      throw new IllegalStateException("Invalid location outside the table copy " + prefix + ": " + location);
    }
    return path.substring(prefix.length());
  }
}
