package io.lakeward.benchmarks.maintenance;

import io.lakeward.benchmarks.spark.SparkSetup;
import io.lakeward.benchmarks.spark.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Knobs of the maintenance benchmark, from system properties (benchmarks/run.sh passes its -D arguments
 * on). The defaults are the issue's: a table with 1,000,000 data files and 10,000 snapshots, Lakeward's heap
 * at 512 MB.
 *
 * <ul>
 *   <li>{@code bench.maintenance.files} (1000000): data files committed over the table's history, each an
 *       empty file on disk (orphan cleaning and expiration never read data files);
 *   <li>{@code bench.maintenance.snapshots} (10000): snapshots of the history, all in the table's metadata;
 *   <li>{@code bench.maintenance.compaction-every} (10): every this many snapshots one is a compaction that
 *       replaces the files of the appends since the previous one, so most data files end up referenced only by
 *       old snapshots;
 *   <li>{@code bench.maintenance.history} (50d): the span of the snapshots' timestamps (and of the files'
 *       modification times), the last snapshot one step before the run's "now";
 *   <li>{@code bench.maintenance.orphan-percent} (5): orphan files (in the data partitions and the metadata
 *       folder, named like the table's own) as a percentage of the data files, in addition to them;
 *       {@code .young-orphan-percent} (10) of them younger than the minimum age (they must survive),
 *       {@code .metadata-orphan-percent} (10) of them in the metadata folder;
 *   <li>{@code bench.maintenance.orphan-min-age} (2880m): {@code clean-orphan-file.min-existing-time-minutes}
 *       and Iceberg's {@code olderThan(now - age)};
 *   <li>{@code bench.maintenance.keep} (720m), {@code .keep-min-count} (1): {@code snapshot.keep.duration} and
 *       {@code snapshot.keep.min-count}, and Iceberg's {@code expireOlderThan(now - keep).retainLast(n)};
 *   <li>{@code bench.maintenance.heap} (512m): Lakeward's JVM heap (-Xmx), the bound;
 *       {@code .jvm-options} (none): more options for Lakeward's JVM, separated by spaces (say
 *       {@code -XX:+HeapDumpOnOutOfMemoryError} to see what filled the heap);
 *   <li>{@code bench.maintenance.file-io} (hadoop): the FileIO both contestants use, {@code hadoop}
 *       (HadoopFileIO, the AMS's default) or {@code local} ({@code io.lakeward.benchmarks.LocalFileIO});
 *   <li>{@code bench.maintenance.actions} (clean-orphan-files,expire-snapshots): what runs, in this order, on
 *       each contestant's copy of the table;
 *   <li>{@code bench.maintenance.timeout} (2h): the longest one contestant may take on one action;
 *   <li>{@code bench.maintenance.work-dir} (the system temp dir): where the table and its copies go; needs
 *       about 1.2 million inodes and 1 GB at the default scale;
 *   <li>{@code bench.spark.master} (local[2]), {@code bench.spark.driver-memory} (2g): Iceberg's Spark JVM;
 *   <li>{@code bench.maintenance.section} (maintenance-benchmark), {@code bench.output}, {@code bench.revision},
 *       {@code bench.keep-work}, as for the other benchmarks.
 * </ul>
 */
record MaintenanceSettings(
    int files,
    int snapshots,
    int compactionEvery,
    Duration history,
    int orphanPercent,
    int youngOrphanPercent,
    int metadataOrphanPercent,
    Duration orphanMinAge,
    Duration keep,
    int keepMinCount,
    String heap,
    List<String> jvmOptions,
    String fileIo,
    boolean cleanOrphans,
    boolean expireSnapshots,
    Duration timeout,
    Path workDir,
    SparkSetup spark,
    String section,
    String revision,
    Optional<Path> output) {

  static final String ORPHANS = "clean-orphan-files";
  static final String EXPIRE = "expire-snapshots";
  /** The bound on the AMS's heap. */
  static final String DEFAULT_HEAP = "512m";

  MaintenanceSettings {
    jvmOptions = List.copyOf(jvmOptions);
    if (snapshots < 2 * compactionEvery || compactionEvery < 2) {
      throw new IllegalArgumentException("Invalid bench.maintenance.snapshots or .compaction-every: " + snapshots
          + ", " + compactionEvery + " (compaction-every >= 2, snapshots >= 2 x compaction-every)");
    }
    if ((long) files < 2L * snapshots) {
      throw new IllegalArgumentException("Invalid bench.maintenance.files: " + files + " (at least 2 a snapshot, "
          + 2L * snapshots + ")");
    }
    checkPercent("orphan-percent", orphanPercent);
    checkPercent("young-orphan-percent", youngOrphanPercent);
    checkPercent("metadata-orphan-percent", metadataOrphanPercent);
    if (history.compareTo(orphanMinAge.multipliedBy(2)) < 0 || history.compareTo(keep.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("Invalid bench.maintenance.history: " + history
          + " (at least twice the orphan minimum age and twice the keep duration)");
    }
    if (keepMinCount < 1) {
      throw new IllegalArgumentException("Invalid bench.maintenance.keep-min-count: " + keepMinCount + " (at least 1)");
    }
    if (!fileIo.equals("hadoop") && !fileIo.equals("local")) {
      throw new IllegalArgumentException("Invalid bench.maintenance.file-io: " + fileIo + " (hadoop or local)");
    }
    if (!cleanOrphans && !expireSnapshots) {
      throw new IllegalArgumentException("Invalid bench.maintenance.actions: none of " + ORPHANS + ", " + EXPIRE);
    }
  }

  static MaintenanceSettings fromSystemProperties() {
    String output = System.getProperty("bench.output", "docs/benchmarks.md");
    String actions = System.getProperty("bench.maintenance.actions", ORPHANS + "," + EXPIRE).toLowerCase(Locale.ROOT);
    for (String action : actions.split(",")) {
      if (!action.isBlank() && !action.trim().equals(ORPHANS) && !action.trim().equals(EXPIRE)) {
        throw new IllegalArgumentException("Invalid bench.maintenance.actions entry: " + action + " (" + ORPHANS
            + " or " + EXPIRE + ")");
      }
    }
    return new MaintenanceSettings(
        Integer.parseInt(property("files", "1000000")),
        Integer.parseInt(property("snapshots", "10000")),
        Integer.parseInt(property("compaction-every", "10")),
        duration("history", "50d"),
        Integer.parseInt(property("orphan-percent", "5")),
        Integer.parseInt(property("young-orphan-percent", "10")),
        Integer.parseInt(property("metadata-orphan-percent", "10")),
        duration("orphan-min-age", "2880m"),
        duration("keep", "720m"),
        Integer.parseInt(property("keep-min-count", "1")),
        property("heap", DEFAULT_HEAP),
        Arrays.stream(property("jvm-options", "").trim().split("\\s+")).filter(o -> !o.isBlank()).toList(),
        property("file-io", "hadoop"),
        actions.contains(ORPHANS),
        actions.contains(EXPIRE),
        duration("timeout", "2h"),
        Path.of(property("work-dir", System.getProperty("java.io.tmpdir"))),
        SparkSetup.fromSystemProperties(),
        property("section", "maintenance-benchmark"),
        System.getProperty("bench.revision", "unknown"),
        output.isBlank() || output.equals("none") ? Optional.empty() : Optional.of(Path.of(output)));
  }

  /** Orphan files in all. */
  int orphans() {
    return (int) ((long) files * orphanPercent / 100);
  }

  private static String property(String key, String fallback) {
    return System.getProperty("bench.maintenance." + key, fallback);
  }

  /** Sizes.duration, plus whole days ("50d"). */
  private static Duration duration(String key, String fallback) {
    String value = property(key, fallback).trim();
    if (value.endsWith("d")) {
      try {
        return Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid bench.maintenance." + key + ": " + value + " (such as 50d, 720m)");
      }
    }
    return Sizes.duration("bench.maintenance." + key, value);
  }

  private static void checkPercent(String key, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException("Invalid bench.maintenance." + key + ": " + value + " (0 to 100)");
    }
  }
}
