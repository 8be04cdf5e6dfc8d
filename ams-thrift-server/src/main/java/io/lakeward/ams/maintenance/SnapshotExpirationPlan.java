package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Which snapshots and refs one expiration removes, decided on one version of the table metadata
 * (the version the commit is then checked against, so the plan never applies to metadata it was not
 * made for).
 *
 * <p>The rules are Iceberg's expiration rules with the table's Lakeward settings as the defaults:
 * a tag or branch other than main is dropped once its snapshot is older than the ref's max-ref-age
 * (its own, else the table's {@code history.expire.max-ref-age-ms}, else forever); every kept branch
 * keeps its newest snapshots up to its min-snapshots-to-keep and every ancestor younger than its
 * max-snapshot-age (its own, else {@code snapshot.keep.min-count} / {@code snapshot.keep.duration});
 * a tag keeps its snapshot; a snapshot on no branch survives while younger than the keep duration.
 * On top of these, snapshots running optimizing processes were planned from survive, and so does the
 * whole history of every branch from such a snapshot to the head: the process's commit validates
 * that history, so it must stay readable.
 *
 * @param base the metadata the plan was made on
 * @param expired the snapshots to remove, oldest first
 * @param retained the snapshots that stay
 * @param droppedRefs the refs whose max-ref-age has passed
 */
record SnapshotExpirationPlan(TableMetadata base, List<Snapshot> expired, List<Snapshot> retained, Set<String> droppedRefs) {

  SnapshotExpirationPlan {
    requireNonNull(base, "base is null");
    expired = List.copyOf(expired);
    retained = List.copyOf(retained);
    droppedRefs = Set.copyOf(droppedRefs);
  }

  /**
   * @param now the time ages are measured from
   * @param keepMillis snapshots younger than this stay (table-wide default of a branch's max age)
   * @param minCount how many newest snapshots each branch keeps at least (default of a branch)
   * @param protectedIds snapshots that must stay, whatever their age
   */
  static SnapshotExpirationPlan of(TableMetadata base, long now, long keepMillis, int minCount, Set<Long> protectedIds) {
    long defaultCutoff = now - keepMillis;
    long protectedSince = Long.MAX_VALUE;
    for (long id : protectedIds) {
      Snapshot snapshot = base.snapshot(id);
      if (snapshot != null) {
        protectedSince = Math.min(protectedSince, snapshot.timestampMillis());
      }
    }
    long maxRefAge = PropertyUtil.propertyAsLong(base.properties(), TableProperties.MAX_REF_AGE_MS,
        TableProperties.MAX_REF_AGE_MS_DEFAULT);

    Set<Long> keep = new HashSet<>();
    Set<Long> onSomeRef = new HashSet<>();
    Set<String> dropped = new HashSet<>();
    for (Map.Entry<String, SnapshotRef> entry : base.refs().entrySet()) {
      String name = entry.getKey();
      SnapshotRef ref = entry.getValue();
      Snapshot head = base.snapshot(ref.snapshotId());
      if (!SnapshotRef.MAIN_BRANCH.equals(name) && (head == null || expiredRef(ref, head, now, maxRefAge))) {
        dropped.add(name);
        continue;
      }
      if (ref.isTag()) {
        keep.add(ref.snapshotId());
        onSomeRef.add(ref.snapshotId());
        continue;
      }
      long cutoff = ref.maxSnapshotAgeMs() != null ? now - ref.maxSnapshotAgeMs() : defaultCutoff;
      int branchMinCount = ref.minSnapshotsToKeep() != null ? ref.minSnapshotsToKeep() : minCount;
      keepOfBranch(base, ref.snapshotId(), Math.min(cutoff, protectedSince), branchMinCount, protectedIds, keep,
          onSomeRef);
    }
    long unreferencedCutoff = Math.min(defaultCutoff, protectedSince);
    List<Snapshot> expired = new ArrayList<>();
    List<Snapshot> retained = new ArrayList<>();
    for (Snapshot snapshot : base.snapshots()) {
      long id = snapshot.snapshotId();
      boolean stays = keep.contains(id) || protectedIds.contains(id)
          || (!onSomeRef.contains(id) && snapshot.timestampMillis() >= unreferencedCutoff);
      (stays ? retained : expired).add(snapshot);
    }
    expired.sort((a, b) -> Long.compare(a.timestampMillis(), b.timestampMillis()));
    return new SnapshotExpirationPlan(base, expired, retained, dropped);
  }

  private static boolean expiredRef(SnapshotRef ref, Snapshot head, long now, long defaultMaxRefAge) {
    long maxAge = ref.maxRefAgeMs() != null ? ref.maxRefAgeMs() : defaultMaxRefAge;
    return now - head.timestampMillis() > maxAge;
  }

  /**
   * Keeps the branch's newest snapshots: the first minCount, every one at or after the cutoff, and
   * every one down to the oldest protected ancestor. The walk stops at the first snapshot none of
   * these keeps, as Iceberg's does, so a branch never keeps a gap in its history.
   */
  private static void keepOfBranch(TableMetadata base, long headId, long cutoff, int minCount, Set<Long> protectedIds,
      Set<Long> keep, Set<Long> onSomeRef) {
    List<Snapshot> ancestors = new ArrayList<>();
    SnapshotUtil.ancestorsOf(headId, base::snapshot).forEach(ancestors::add);
    keep.add(headId);
    int deepestProtected = -1;
    for (int i = 0; i < ancestors.size(); i++) {
      onSomeRef.add(ancestors.get(i).snapshotId());
      if (protectedIds.contains(ancestors.get(i).snapshotId())) {
        deepestProtected = i;
      }
    }
    for (int i = 0; i < ancestors.size(); i++) {
      Snapshot ancestor = ancestors.get(i);
      if (i < minCount || ancestor.timestampMillis() >= cutoff || i <= deepestProtected) {
        keep.add(ancestor.snapshotId());
      } else {
        return;
      }
    }
  }

  boolean isEmpty() {
    return expired.isEmpty() && droppedRefs.isEmpty();
  }

  /** The metadata without the expired snapshots, their statistics and the dropped refs. */
  TableMetadata apply() {
    TableMetadata.Builder builder = TableMetadata.buildFrom(base);
    droppedRefs.forEach(builder::removeRef);
    List<Long> ids = new ArrayList<>();
    for (Snapshot snapshot : expired) {
      ids.add(snapshot.snapshotId());
      builder.removeStatistics(snapshot.snapshotId());
      builder.removePartitionStatistics(snapshot.snapshotId());
    }
    if (!ids.isEmpty()) {
      builder.removeSnapshots(ids);
    }
    return builder.build();
  }
}
