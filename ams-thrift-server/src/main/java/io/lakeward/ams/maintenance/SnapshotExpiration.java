package io.lakeward.ams.maintenance;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires old snapshots and deletes the files only they referenced, then deletes metadata files
 * that fell out of the metadata log.
 *
 * <p>Settings (table properties): {@code snapshot.keep.duration} (default 720min; a bare number is
 * minutes) and {@code snapshot.keep.min-count} (default 1, at least 1). Which snapshots go is
 * decided by {@link SnapshotExpirationPlan}: Iceberg's rules, plus the snapshots running optimizing
 * processes were planned from and their history. The plan is committed against exactly the
 * metadata it was made on (a concurrent commit makes the attempt fail and the plan is made again),
 * and files are deleted only after the commit landed; a commit whose outcome is unknown deletes
 * nothing. A dry run makes the same plan and reports it, changing nothing.
 */
public final class SnapshotExpiration implements TableMaintainer {
  public static final String KEEP_DURATION = "snapshot.keep.duration";
  public static final String KEEP_MIN_COUNT = "snapshot.keep.min-count";
  public static final Duration DEFAULT_KEEP_DURATION = Duration.ofMinutes(720);
  public static final int DEFAULT_KEEP_MIN_COUNT = 1;
  private static final int COMMIT_ATTEMPTS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotExpiration.class);

  /** Stateless: the settings come with each run's context. */
  public SnapshotExpiration() {}

  @Override
  public MaintenanceAction action() {
    return MaintenanceAction.EXPIRE_SNAPSHOTS;
  }

  /** The keep settings of a table, read (and validated) before anything is changed. */
  record Settings(Duration keep, int minCount) {
    static Settings of(MaintenanceProperties properties) {
      Duration keep = properties.duration(KEEP_DURATION, ChronoUnit.MINUTES).orElse(DEFAULT_KEEP_DURATION);
      long minCount = properties.lng(KEEP_MIN_COUNT, DEFAULT_KEEP_MIN_COUNT);
      if (minCount < 1 || minCount > Integer.MAX_VALUE) {
        throw MaintenanceProperties.invalid(KEEP_MIN_COUNT, properties.string(KEEP_MIN_COUNT, ""),
            "an integer of at least 1");
      }
      return new Settings(keep, (int) minCount);
    }
  }

  @Override
  public MaintenanceOutcome maintain(MaintenanceContext context) {
    Settings settings = Settings.of(context.properties());
    Table table = context.table();
    TableOperations ops = operations(table);
    FileIO io = table.io();
    SnapshotExpirationPlan plan = context.dryRun() ? plan(ops.refresh(), settings, context) : commit(ops, settings, context);
    ExpiredFiles files = ExpiredFiles.of(plan, io);
    // After a commit the metadata log moved on by one version, which may push one more file out.
    TableMetadata current = context.dryRun() || plan.isEmpty() ? plan.base() : ops.refresh();
    List<String> oldMetadata = OldMetadataFiles.of(current, io);

    boolean dryRun = context.dryRun();
    // The commit has landed: files a run cut short leaves behind are orphans, which orphan cleaning finds.
    FileDeletions dataFiles = new FileDeletions(io, "data", dryRun);
    FileDeletions deleteFiles = new FileDeletions(io, "delete", dryRun);
    files.forEachContentFile((content, path) -> (content == ManifestContent.DATA ? dataFiles : deleteFiles).add(path));
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("snapshots-expired", (long) plan.expired().size());
    counts.put("refs-removed", (long) plan.droppedRefs().size());
    counts.put("data-files-deleted", dataFiles.finish());
    counts.put("delete-files-deleted", deleteFiles.finish());
    counts.put("manifest-files-deleted", FileDeletions.delete(io, files.manifests(), "manifest", dryRun));
    counts.put("manifest-lists-deleted", FileDeletions.delete(io, files.manifestLists(), "manifest list", dryRun));
    counts.put("statistics-files-deleted", FileDeletions.delete(io, files.statisticsFiles(), "statistics", dryRun));
    counts.put("metadata-files-deleted", FileDeletions.delete(io, oldMetadata, "metadata", dryRun));
    MaintenanceOutcome.Builder outcome = MaintenanceOutcome.builder();
    counts.forEach(outcome::set);
    return outcome.build(summary(dryRun, plan, counts));
  }

  private static String summary(boolean dryRun, SnapshotExpirationPlan plan, Map<String, Long> counts) {
    return String.format("%s %d of %d snapshots%s; %s %d data, %d delete, %d manifest, %d manifest list, "
            + "%d statistics and %d metadata files",
        dryRun ? "Would expire" : "Expired", plan.expired().size(), plan.expired().size() + plan.retained().size(),
        plan.droppedRefs().isEmpty() ? "" : " and refs " + plan.droppedRefs().stream().sorted().toList(),
        dryRun ? "would delete" : "deleted", counts.get("data-files-deleted"), counts.get("delete-files-deleted"),
        counts.get("manifest-files-deleted"), counts.get("manifest-lists-deleted"),
        counts.get("statistics-files-deleted"), counts.get("metadata-files-deleted"));
  }

  private static SnapshotExpirationPlan plan(TableMetadata base, Settings settings, MaintenanceContext context) {
    return SnapshotExpirationPlan.of(base, context.now(), settings.keep().toMillis(), settings.minCount(),
        context.protectedSnapshotIds());
  }

  /**
   * Plans on the latest metadata and commits against exactly that version; a concurrent commit
   * makes the attempt fail, and the plan is made again on what that commit left.
   */
  private static SnapshotExpirationPlan commit(TableOperations ops, Settings settings, MaintenanceContext context) {
    for (int attempt = 1; ; attempt++) {
      TableMetadata base = ops.refresh();
      SnapshotExpirationPlan plan = plan(base, settings, context);
      if (plan.isEmpty()) {
        return plan;
      }
      try {
        ops.commit(base, plan.apply());
        return plan;
      } catch (CommitFailedException e) {
        if (attempt >= COMMIT_ATTEMPTS) {
          throw e;
        }
        LOG.info("Snapshot expiration of {} met a concurrent commit; planning again ({})", context.name(),
            e.getMessage());
      }
    }
  }

  private static TableOperations operations(Table table) {
    if (table instanceof HasTableOperations hasOperations) {
      return hasOperations.operations();
    }
    throw new IllegalStateException("Cannot expire snapshots of " + table.name() + ": it has no table operations");
  }
}
