package io.lakeward.benchmarks.maintenance;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Leaves orphan files in the generated table: what failed writes and failed commits leave behind. Most sit in
 * the data partitions, named like data files; the rest in the metadata folder, named like manifests, manifest
 * lists and metadata files. Old ones (modified at a random moment of the history, before the minimum age)
 * must go; young ones (modified within the last two hours) must stay, as a writer may be about to commit them.
 */
final class OrphanPlanter {
  private static final long HOUR = 3_600_000L;

  private final MaintenanceSettings settings;
  private final Path root;
  private final String location;
  private final Instant now;
  private final long historyStart;
  private final EventFiles names;
  private final Random random;
  private final Set<String> old = new HashSet<>();
  private final Set<String> young = new HashSet<>();

  OrphanPlanter(MaintenanceSettings settings, Path root, String location, Instant now, long historyStart,
      EventFiles names, Random random) {
    this.settings = requireNonNull(settings, "settings is null");
    this.root = requireNonNull(root, "root is null");
    this.location = requireNonNull(location, "location is null");
    this.now = requireNonNull(now, "now is null");
    this.historyStart = historyStart;
    this.names = requireNonNull(names, "names is null");
    this.random = requireNonNull(random, "random is null");
  }

  void plant(EmptyFiles disk) {
    int count = settings.orphans();
    int youngCount = (int) ((long) count * settings.youngOrphanPercent() / 100);
    // Old orphans end an hour before the cutoff, so that neither side's rounding can spare one.
    long oldEnd = now.toEpochMilli() - settings.orphanMinAge().toMillis() - HOUR;
    for (int i = 0; i < count; i++) {
      boolean isYoung = i < youngCount;
      long mtime = isYoung
          ? now.toEpochMilli() - HOUR - (long) (random.nextDouble() * HOUR)
          : historyStart + (long) (random.nextDouble() * (oldEnd - historyStart));
      String file = random.nextInt(100) < settings.metadataOrphanPercent() ? metadataOrphan(i) : dataOrphan(mtime);
      Path path = HistoryGenerator.local(file);
      disk.create(List.of(path), mtime);
      (isYoung ? young : old).add(root.relativize(path).toString());
    }
  }

  Set<String> old() {
    return Set.copyOf(old);
  }

  Set<String> young() {
    return Set.copyOf(young);
  }

  private String dataOrphan(long mtime) {
    return location + "/data/" + EventFiles.partition(mtime) + "/" + names.dataFileName();
  }

  private String metadataOrphan(int i) {
    return switch (i % 3) {
      case 0 -> names.manifest(0);
      case 1 -> names.manifestList(names.snapshotId());
      default -> location + "/metadata/" + names.metadataFileName(1 + random.nextInt(10));
    };
  }
}
