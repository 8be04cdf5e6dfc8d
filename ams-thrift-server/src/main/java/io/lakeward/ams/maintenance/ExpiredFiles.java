package io.lakeward.ams.maintenance;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

/**
 * The files that only expired snapshots reference: what an expiration may delete.
 *
 * <p>A manifest goes when no retained snapshot lists it; a data or delete file goes when it is live
 * in a manifest that goes and live in no manifest a retained snapshot lists (a file a retained
 * snapshot merely records as deleted is not needed by it); a manifest list goes with its snapshot; a
 * statistics or partition statistics file goes when only expired snapshots own it.
 *
 * <p>Built in two passes over the manifest lists (retained snapshots first), then one over the live
 * entries of the manifests that remain: the files live in a retained manifest are held as 128-bit
 * hashes ({@link PathHashSet}), and the files of going manifests are streamed past them
 * ({@link #forEachContentFile}) instead of being collected, so a million expired files cost tens of
 * megabytes, not the strings. A hash collision can only keep a file (left for orphan cleaning),
 * never delete one a retained snapshot needs.
 */
final class ExpiredFiles {
  private final FileIO io;
  private final List<String> manifestLists;
  private final List<ListedManifests.Manifest> manifests;
  private final List<String> statisticsFiles;
  private final List<ListedManifests.Manifest> retainedManifests;

  private ExpiredFiles(FileIO io, List<String> manifestLists, List<ListedManifests.Manifest> manifests,
      List<String> statisticsFiles, List<ListedManifests.Manifest> retainedManifests) {
    this.io = io;
    this.manifestLists = List.copyOf(manifestLists);
    this.manifests = List.copyOf(manifests);
    this.statisticsFiles = List.copyOf(statisticsFiles);
    this.retainedManifests = List.copyOf(retainedManifests);
  }

  /** Reads the manifest lists of the plan's snapshots; manifests are read by {@link #forEachContentFile}. */
  static ExpiredFiles of(SnapshotExpirationPlan plan, FileIO io) {
    if (plan.expired().isEmpty()) {
      return new ExpiredFiles(io, List.of(), List.of(), List.of(), List.of());
    }
    Map<String, ListedManifests.Manifest> retained = new LinkedHashMap<>();
    for (Snapshot snapshot : plan.retained()) {
      ListedManifests.forEach(snapshot, io, m -> retained.putIfAbsent(m.path(), m));
    }
    Map<String, ListedManifests.Manifest> going = new LinkedHashMap<>();
    List<String> manifestLists = new ArrayList<>();
    for (Snapshot snapshot : plan.expired()) {
      if (snapshot.manifestListLocation() != null) {
        manifestLists.add(snapshot.manifestListLocation());
      }
      ListedManifests.forEach(snapshot, io, m -> {
        if (!retained.containsKey(m.path())) {
          going.putIfAbsent(m.path(), m);
        }
      });
    }
    return new ExpiredFiles(io, manifestLists, new ArrayList<>(going.values()), statisticsFiles(plan),
        new ArrayList<>(retained.values()));
  }

  /** The manifest lists of the expired snapshots. */
  List<String> manifestLists() {
    return manifestLists;
  }

  /** The manifests no retained snapshot lists. */
  List<String> manifests() {
    return manifests.stream().map(ListedManifests.Manifest::path).toList();
  }

  List<String> statisticsFiles() {
    return statisticsFiles;
  }

  /**
   * Streams every data and delete file that goes, each once, with the content of the manifest that
   * named it. Reads the live entries of the retained manifests first (only when some going manifest
   * can hold live files), then those of the going manifests.
   *
   * @throws UncheckedIOException when a manifest cannot be read; files already streamed are safe to
   *     delete, the rest are left for a later run or orphan cleaning
   */
  void forEachContentFile(BiConsumer<ManifestContent, String> action) {
    List<ListedManifests.Manifest> withLiveFiles = manifests.stream()
        .filter(ListedManifests.Manifest::mayHaveLiveFiles).toList();
    if (withLiveFiles.isEmpty()) {
      return;
    }
    PathHashSet neededByRetained = new PathHashSet(1024);
    for (ListedManifests.Manifest manifest : retainedManifests) {
      if (manifest.mayHaveLiveFiles()) {
        ManifestRows.forEachPath(io, manifest.path(), true, path -> neededByRetained.add(StoragePaths.key(path)));
      }
    }
    PathHashSet streamed = new PathHashSet(1024);
    for (ListedManifests.Manifest manifest : withLiveFiles) {
      ManifestRows.forEachPath(io, manifest.path(), true, path -> {
        String key = StoragePaths.key(path);
        if (!neededByRetained.contains(key) && streamed.add(key)) {
          action.accept(manifest.content(), path);
        }
      });
    }
  }

  private static List<String> statisticsFiles(SnapshotExpirationPlan plan) {
    Set<Long> expiredIds = new HashSet<>();
    plan.expired().forEach(s -> expiredIds.add(s.snapshotId()));
    TableMetadata base = plan.base();
    Set<String> expired = new LinkedHashSet<>();
    Set<String> retained = new HashSet<>();
    for (StatisticsFile file : base.statisticsFiles()) {
      (expiredIds.contains(file.snapshotId()) ? expired : retained).add(file.path());
    }
    for (PartitionStatisticsFile file : base.partitionStatisticsFiles()) {
      (expiredIds.contains(file.snapshotId()) ? expired : retained).add(file.path());
    }
    expired.removeAll(retained);
    return new ArrayList<>(expired);
  }
}
