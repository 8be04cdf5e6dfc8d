package io.lakeward.benchmarks.maintenance;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What the generator built, and what a correct maintainer must do to it.
 *
 * @param root the folder holding the table location ({@code events/}) and the pointer file; the copies of the
 *     contestants take this path in turn, because every path in the metadata is absolute
 * @param location the table location, a {@code file:} URI
 * @param pointer the file naming the current metadata file ({@link PointerTableOperations})
 * @param now the moment both contestants treat as "now" (their clocks are fixed to it)
 * @param timestamps every snapshot's timestamp, oldest first (a linear history)
 * @param lastNeeded for data files, manifests and manifest lists: how many of each kind the newest snapshot
 *     that still needs it is snapshot i ({@code [kind][i]}); files the newest snapshot needs count at the end
 * @param oldOrphans paths relative to {@code root} of the orphans older than the minimum age: exactly these
 *     go in orphan cleaning
 * @param youngOrphans the orphans younger than it, which must survive
 * @param metadataFiles metadata.json files the generator committed
 * @param seconds how long generating took
 */
record GeneratedTable(
    Path root,
    String location,
    Path pointer,
    Instant now,
    long[] timestamps,
    Kinds lastNeeded,
    Set<String> oldOrphans,
    Set<String> youngOrphans,
    int metadataFiles,
    double seconds) {

  /** Histograms by kind, each {@code snapshots + 1} long (the last slot: needed by the newest snapshot). */
  record Kinds(long[] data, long[] manifests, long[] lists) {
    long dataFiles() {
      return sum(data, data.length);
    }

    long manifestFiles() {
      return sum(manifests, manifests.length);
    }

    long manifestLists() {
      return sum(lists, lists.length);
    }

    /** How many of each kind no snapshot from {@code first} on needs: what expiring the older ones frees. */
    long[] freedBefore(int first) {
      return new long[] {sum(data, first), sum(manifests, first), sum(lists, first)};
    }

    private static long sum(long[] values, int count) {
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += values[i];
      }
      return sum;
    }
  }

  int snapshots() {
    return timestamps.length;
  }

  /**
   * The first snapshot that survives expiring snapshots older than {@code keep} while retaining the
   * {@code minCount} newest: the history is linear, so the survivors are a suffix.
   */
  int firstRetained(Duration keep, int minCount) {
    long cutoff = now.toEpochMilli() - keep.toMillis();
    int first = timestamps.length;
    for (int i = 0; i < timestamps.length; i++) {
      if (timestamps[i] >= cutoff) {
        first = i;
        break;
      }
    }
    return Math.max(0, Math.min(first, timestamps.length - minCount));
  }
}
