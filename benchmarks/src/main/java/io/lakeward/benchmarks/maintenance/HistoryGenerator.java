package io.lakeward.benchmarks.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HistoryWriters;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;

/**
 * Builds the benchmark's table: a stream of fast appends (one manifest each, into the day's partition) where
 * every {@code compaction-every}-th snapshot is a compaction that replaces all files the appends since the
 * previous one added (a replace snapshot: the new files' manifest plus, for each source manifest, one with its
 * entries DELETED, as Iceberg's RewriteFiles writes them). Compacted files' manifests are merged into one once
 * there are 100 (Iceberg's {@code commit.manifest.min-count-to-merge}). So the newest snapshot needs few of the
 * files, and most data files, manifests and manifest lists are needed only by old snapshots: what expiring them
 * frees. Snapshot timestamps and files' modification times spread over {@code history}.
 *
 * <p>Manifests and manifest lists are written here with Iceberg's writers ({@link HistoryWriters}), the
 * snapshots added to the table metadata 1,000 at a time, so the metadata is rewritten ten times, not 10,000.
 * Everything is deterministic for the seed.
 */
final class HistoryGenerator {
  static final String TABLE = "events";
  private static final long SEED = 20261125;
  /** Snapshots added to the metadata per metadata file written. */
  private static final int METADATA_STEP = 1000;
  /** Iceberg's commit.manifest.min-count-to-merge. */
  private static final int MERGE_MIN_COUNT = 100;

  private record Tracked(DataFile file, long snapshotId, long sequence) {
  }

  private record Pending(String manifest, List<Tracked> files) {
  }

  private final MaintenanceSettings settings;
  private final Path root;
  private final Instant now;
  private final PrintStream out;
  private final String location;
  private final FileIO io = new LocationKeepingFileIO();
  private final Random random = new Random(SEED);
  private final EventFiles names;
  private final long[] dataNeed;
  private final long[] manifestNeed;
  private final long[] listNeed;
  private final long[] timestamps;

  private final List<Pending> pending = new ArrayList<>();
  private final List<String> compactedManifests = new ArrayList<>();
  private final List<Tracked> compactedFiles = new ArrayList<>();
  private Map<String, ManifestFile> lastList = Map.of();
  private long liveFiles;
  private long liveRecords;
  private long liveBytes;
  private int metadataFiles;

  HistoryGenerator(MaintenanceSettings settings, Path root, Instant now, PrintStream out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.root = requireNonNull(root, "root is null");
    this.now = requireNonNull(now, "now is null");
    this.out = requireNonNull(out, "out is null");
    this.location = "file:" + root.toAbsolutePath().resolve(TABLE);
    this.names = new EventFiles(location, random);
    int snapshots = settings.snapshots();
    this.dataNeed = new long[snapshots + 1];
    this.manifestNeed = new long[snapshots + 1];
    this.listNeed = new long[snapshots + 1];
    this.timestamps = new long[snapshots];
  }

  GeneratedTable generate() throws IOException, InterruptedException {
    long started = System.nanoTime();
    Files.createDirectories(root.resolve(TABLE).resolve("metadata"));
    Path pointer = root.resolve("pointer.txt");
    PointerTableOperations ops = new PointerTableOperations(TABLE, pointer, io);
    int snapshots = settings.snapshots();
    int every = settings.compactionEvery();
    int compactions = snapshots / every;
    int appends = snapshots - compactions;
    int outputsPerCompaction = Math.max(1, settings.files() / snapshots / 10);
    long appendedFiles = Math.max(appends, (long) settings.files() - (long) compactions * outputsPerCompaction);
    long step = settings.history().toMillis() / snapshots;
    long first = now.toEpochMilli() - settings.history().toMillis();
    List<Snapshot> batch = new ArrayList<>();
    Long parent = null;
    int appendIndex = 0;
    try (EmptyFiles disk = new EmptyFiles()) {
      for (int i = 0; i < snapshots; i++) {
        // Half a step off the grid, so no snapshot sits exactly on a keep cutoff.
        long ts = first + i * step + step / 2;
        timestamps[i] = ts;
        long id = names.snapshotId();
        long sequence = i + 1;
        boolean compaction = i % every == every - 1;
        Map<String, String> summary = new LinkedHashMap<>();
        List<ManifestFile> manifests;
        if (compaction) {
          manifests = compact(i, id, sequence, ts, outputsPerCompaction, disk, summary);
        } else {
          int count = (int) Math.max(1, (appendIndex + 1) * appendedFiles / appends - appendIndex * appendedFiles / appends);
          appendIndex++;
          manifests = append(id, sequence, ts, count, disk, summary);
        }
        String list = names.manifestList(id);
        lastList = byPath(HistoryWriters.writeManifestList(io.newOutputFile(list), id, parent, sequence, manifests));
        EmptyFiles.touch(local(list), ts);
        listNeed[i]++;
        summary.put("total-records", Long.toString(liveRecords));
        summary.put("total-files-size", Long.toString(liveBytes));
        summary.put("total-data-files", Long.toString(liveFiles));
        summary.put("total-delete-files", "0");
        summary.put("total-position-deletes", "0");
        summary.put("total-equality-deletes", "0");
        batch.add(HistoryWriters.snapshot(sequence, id, parent, ts, compaction ? "replace" : "append", summary,
            EventFiles.SCHEMA.schemaId(), list));
        parent = id;
        if (batch.size() == METADATA_STEP || i == snapshots - 1) {
          commit(ops, batch);
          batch.clear();
          out.printf("  %,d of %,d snapshots (%,d data files live) in %.0f s%n", i + 1, snapshots, liveFiles,
              (System.nanoTime() - started) / 1e9);
        }
      }
      stillNeeded();
      OrphanPlanter orphans = new OrphanPlanter(settings, root, location, now, first, names, random);
      orphans.plant(disk);
      return new GeneratedTable(root, location, pointer, now, timestamps,
          new GeneratedTable.Kinds(dataNeed, manifestNeed, listNeed), orphans.old(), orphans.young(), metadataFiles,
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** A fast append: one new manifest with {@code count} files in the day's partition, ahead of the others. */
  private List<ManifestFile> append(long id, long sequence, long ts, int count, EmptyFiles disk,
      Map<String, String> summary) {
    String partition = EventFiles.partition(ts);
    String path = names.manifest(0);
    List<Tracked> files = new ArrayList<>(count);
    List<Path> onDisk = new ArrayList<>(count);
    long bytes = 0;
    long records = 0;
    ManifestWriter<DataFile> writer = ManifestFiles.write(2, EventFiles.SPEC, io.newOutputFile(path), id);
    try (writer) {
      for (int i = 0; i < count; i++) {
        DataFile file = names.dataFile(partition, ts, 1 + random.nextInt(4));
        writer.add(file);
        files.add(new Tracked(file, id, sequence));
        onDisk.add(local(file.location()));
        bytes += file.fileSizeInBytes();
        records += file.recordCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write manifest " + path, e);
    }
    disk.create(onDisk, ts);
    EmptyFiles.touch(local(path), ts);
    List<ManifestFile> manifests = new ArrayList<>();
    manifests.add(writer.toManifestFile());
    pending.forEach(p -> manifests.add(lastList.get(p.manifest())));
    compactedManifests.forEach(m -> manifests.add(lastList.get(m)));
    pending.add(new Pending(path, files));
    liveFiles += count;
    liveRecords += records;
    liveBytes += bytes;
    summary.put("added-data-files", Integer.toString(count));
    summary.put("added-records", Long.toString(records));
    summary.put("added-files-size", Long.toString(bytes));
    summary.put("changed-partition-count", "1");
    return manifests;
  }

  /**
   * A compaction at snapshot {@code index}: every file of the pending appends is replaced by a few larger files
   * per partition. The appends' manifests and files are last needed by the snapshot before; the manifests with
   * their DELETED entries by this one only (the next snapshot drops them).
   */
  private List<ManifestFile> compact(int index, long id, long sequence, long ts, int outputs, EmptyFiles disk,
      Map<String, String> summary) {
    List<ManifestFile> deletedOnly = new ArrayList<>();
    Map<String, List<Tracked>> byPartition = new LinkedHashMap<>();
    long removedBytes = 0;
    long removedRecords = 0;
    int removed = 0;
    int manifestIndex = 1;
    for (Pending source : pending) {
      String path = names.manifest(manifestIndex++);
      ManifestWriter<DataFile> writer = ManifestFiles.write(2, EventFiles.SPEC, io.newOutputFile(path), id);
      try (writer) {
        for (Tracked t : source.files()) {
          writer.delete(t.file(), t.sequence(), t.sequence());
          byPartition.computeIfAbsent(t.file().partition().toString(), p -> new ArrayList<>()).add(t);
          removedBytes += t.file().fileSizeInBytes();
          removedRecords += t.file().recordCount();
          removed++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write manifest " + path, e);
      }
      EmptyFiles.touch(local(path), ts);
      deletedOnly.add(writer.toManifestFile());
      manifestNeed[index - 1]++;
      manifestNeed[index]++;
      dataNeed[index - 1] += source.files().size();
    }
    List<Tracked> written = new ArrayList<>();
    List<Path> onDisk = new ArrayList<>();
    int total = removed;
    for (List<Tracked> group : byPartition.values()) {
      int count = Math.max(1, Math.round((float) outputs * group.size() / total));
      long groupBytes = group.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum();
      int megabytes = (int) Math.max(1, Math.min(512, groupBytes / count / (1024 * 1024)));
      String partition = EventFiles.partition(group.get(0).file().partition().get(0, Integer.class) * 86_400_000L);
      for (int i = 0; i < count; i++) {
        DataFile file = names.dataFile(partition, ts, megabytes);
        written.add(new Tracked(file, id, sequence));
        onDisk.add(local(file.location()));
      }
    }
    disk.create(onDisk, ts);
    boolean merge = compactedManifests.size() + 1 >= MERGE_MIN_COUNT;
    String path = names.manifest(0);
    ManifestWriter<DataFile> writer = ManifestFiles.write(2, EventFiles.SPEC, io.newOutputFile(path), id);
    try (writer) {
      for (Tracked t : written) {
        writer.add(t.file());
      }
      if (merge) {
        for (Tracked t : compactedFiles) {
          writer.existing(t.file(), t.snapshotId(), t.sequence(), t.sequence());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write manifest " + path, e);
    }
    EmptyFiles.touch(local(path), ts);
    List<ManifestFile> manifests = new ArrayList<>();
    manifests.add(writer.toManifestFile());
    manifests.addAll(deletedOnly);
    if (merge) {
      manifestNeed[index - 1] += compactedManifests.size();
      compactedManifests.clear();
    } else {
      compactedManifests.forEach(m -> manifests.add(lastList.get(m)));
    }
    compactedManifests.add(path);
    compactedFiles.addAll(written);
    pending.clear();
    long addedBytes = written.stream().mapToLong(t -> t.file().fileSizeInBytes()).sum();
    long addedRecords = written.stream().mapToLong(t -> t.file().recordCount()).sum();
    liveFiles += written.size() - removed;
    liveBytes += addedBytes - removedBytes;
    liveRecords += addedRecords - removedRecords;
    summary.put("added-data-files", Integer.toString(written.size()));
    summary.put("deleted-data-files", Integer.toString(removed));
    summary.put("added-records", Long.toString(addedRecords));
    summary.put("deleted-records", Long.toString(removedRecords));
    summary.put("added-files-size", Long.toString(addedBytes));
    summary.put("removed-files-size", Long.toString(removedBytes));
    summary.put("changed-partition-count", Integer.toString(byPartition.size()));
    return manifests;
  }

  /** Files the newest snapshot needs: no expiration may free them. */
  private void stillNeeded() {
    int last = settings.snapshots();
    manifestNeed[last] += pending.size() + compactedManifests.size();
    dataNeed[last] += compactedFiles.size() + pending.stream().mapToLong(p -> p.files().size()).sum();
  }

  /** Adds a batch of snapshots to the metadata in one commit; the first commit creates the table. */
  private void commit(PointerTableOperations ops, List<Snapshot> snapshots) {
    TableMetadata base = ops.current();
    TableMetadata start = base != null ? base : TableMetadata.newTableMetadata(EventFiles.SCHEMA, EventFiles.SPEC,
        SortOrder.unsorted(), location, Map.of(TableProperties.FORMAT_VERSION, "2"));
    TableMetadata.Builder builder = TableMetadata.buildFrom(start);
    for (Snapshot snapshot : snapshots) {
      builder.addSnapshot(snapshot);
      builder.setBranchSnapshot(snapshot.snapshotId(), SnapshotRef.MAIN_BRANCH);
    }
    ops.commit(base, builder.build());
    metadataFiles++;
  }

  private static Map<String, ManifestFile> byPath(List<ManifestFile> manifests) {
    Map<String, ManifestFile> map = new HashMap<>();
    manifests.forEach(m -> map.put(m.path(), m));
    return map;
  }

  /** The local path of a {@code file:} location. */
  static Path local(String location) {
    return Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
  }
}
