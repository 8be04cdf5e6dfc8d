package io.lakeward.ams.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

/**
 * The files that only expired snapshots reference, by kind: what an expiration may delete.
 *
 * <p>A manifest goes when no retained snapshot lists it; a data or delete file goes when it is live
 * in a manifest that goes and live in no manifest a retained snapshot lists (a file a retained
 * snapshot merely records as deleted is not needed by it); a manifest list goes with its snapshot; a
 * statistics or partition statistics file goes when only expired snapshots own it. Only the files of
 * manifests that go are held in memory while the retained manifests are streamed past them, so the
 * cost in memory is what is deleted, not the size of the table.
 */
record ExpiredFiles(List<String> dataFiles, List<String> deleteFiles, List<String> manifests,
    List<String> manifestLists, List<String> statisticsFiles) {

  ExpiredFiles {
    dataFiles = List.copyOf(dataFiles);
    deleteFiles = List.copyOf(deleteFiles);
    manifests = List.copyOf(manifests);
    manifestLists = List.copyOf(manifestLists);
    statisticsFiles = List.copyOf(statisticsFiles);
  }

  static ExpiredFiles none() {
    return new ExpiredFiles(List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** The files of the plan's expired snapshots that none of its retained snapshots needs. */
  static ExpiredFiles of(SnapshotExpirationPlan plan, FileIO io) {
    if (plan.expired().isEmpty()) {
      return none();
    }
    Map<String, ManifestFile> retainedManifests = new LinkedHashMap<>();
    for (Snapshot snapshot : plan.retained()) {
      snapshot.allManifests(io).forEach(m -> retainedManifests.putIfAbsent(m.path(), m));
    }
    Map<String, ManifestFile> expiredManifests = new LinkedHashMap<>();
    List<String> manifestLists = new ArrayList<>();
    for (Snapshot snapshot : plan.expired()) {
      if (snapshot.manifestListLocation() != null) {
        manifestLists.add(snapshot.manifestListLocation());
      }
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        if (!retainedManifests.containsKey(manifest.path())) {
          expiredManifests.putIfAbsent(manifest.path(), manifest);
        }
      }
    }
    Map<Integer, PartitionSpec> specs = plan.base().specsById();
    Set<String> dataFiles = new LinkedHashSet<>();
    Set<String> deleteFiles = new LinkedHashSet<>();
    for (ManifestFile manifest : expiredManifests.values()) {
      if (!mayHaveLiveFiles(manifest)) {
        continue;
      }
      (manifest.content() == ManifestContent.DATA ? dataFiles : deleteFiles).addAll(livePaths(manifest, io, specs));
    }
    for (ManifestFile manifest : retainedManifests.values()) {
      Set<String> candidates = manifest.content() == ManifestContent.DATA ? dataFiles : deleteFiles;
      if (!candidates.isEmpty() && mayHaveLiveFiles(manifest)) {
        candidates.removeAll(livePaths(manifest, io, specs));
      }
    }
    return new ExpiredFiles(new ArrayList<>(dataFiles), new ArrayList<>(deleteFiles),
        new ArrayList<>(expiredManifests.keySet()), manifestLists, statisticsFiles(plan));
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

  /** A manifest whose counts say it has neither added nor existing entries holds no live file. */
  private static boolean mayHaveLiveFiles(ManifestFile manifest) {
    return !Boolean.FALSE.equals(manifest.hasAddedFiles()) || !Boolean.FALSE.equals(manifest.hasExistingFiles());
  }

  private static Set<String> livePaths(ManifestFile manifest, FileIO io, Map<Integer, PartitionSpec> specs) {
    Set<String> paths = new HashSet<>();
    List<String> column = List.of("file_path");
    try (ManifestReader<? extends ContentFile<?>> reader = manifest.content() == ManifestContent.DATA
        ? ManifestFiles.read(manifest, io, specs).select(column)
        : ManifestFiles.readDeleteManifest(manifest, io, specs).select(column)) {
      for (ContentFile<?> file : reader) {
        paths.add(file.location());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
    }
    return paths;
  }

  long count() {
    return dataFiles.size() + deleteFiles.size() + manifests.size() + manifestLists.size() + statisticsFiles.size();
  }
}
