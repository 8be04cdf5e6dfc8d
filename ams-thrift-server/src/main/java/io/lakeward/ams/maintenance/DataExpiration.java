package io.lakeward.ams.maintenance;

import io.lakeward.ams.maintenance.DataExpirationSettings.BaseRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data expiration (TTL): removes the rows whose {@code data-expire.field} value is older than the
 * retention, measured back from now or from the last commit. Files (or, at level partition, whole
 * partitions) whose rows are all expired leave the table through a metadata commit; expired rows of
 * files that straddle the cutoff get row deletes (level file). Nulls never expire.
 *
 * <p>Safety: the settings and the column are checked before anything is read, so a wrong setting
 * fails the run with nothing changed. Everything is planned on one snapshot and committed in one
 * commit that fails if a file it removes or adds deletes for was removed since (by compaction, say);
 * then the delete files this run wrote are removed again and the table is as it was. A commit whose
 * outcome is unknown keeps its files. A dry run plans and reports, and writes nothing.
 */
public final class DataExpiration implements TableMaintainer {
  private static final Logger LOG = LoggerFactory.getLogger(DataExpiration.class);
  /** Snapshot summary property naming the action that made the snapshot. */
  static final String SUMMARY_PROPERTY = "lakeward.maintenance";

  @Override
  public MaintenanceAction action() {
    return MaintenanceAction.EXPIRE_DATA;
  }

  @Override
  public MaintenanceOutcome maintain(MaintenanceContext context) {
    Table table = context.table();
    DataExpirationSettings settings = DataExpirationSettings.from(context.properties());
    ExpirationField field = ExpirationField.of(table.schema(), settings);
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return MaintenanceOutcome.builder().set("files-removed", 0).set("rows-expired", 0)
          .build("The table has no data yet: nothing to expire");
    }
    long base = settings.baseRule() == BaseRule.CURRENT_TIME ? context.now() : snapshot.timestampMillis();
    ExpirationField.Cutoff cutoff = field.at(settings.cutoff(base));
    DataExpirationPlan plan = new ExpirationPlanner(table, cutoff).plan(snapshot, settings.level());
    long deleteFilesAdded = plan.rowDeletes().size();
    if (!context.dryRun() && !plan.changesNothing()) {
      deleteFilesAdded = commit(table, plan);
    }
    return outcome(plan, deleteFilesAdded, cutoff, settings, context.dryRun());
  }

  /** Commits the plan; returns how many delete files were added. */
  private long commit(Table table, DataExpirationPlan plan) {
    if (plan.rowDeletes().isEmpty()) {
      // only whole files go: a plain delete, which fails if any of them is no longer in the table
      DeleteFiles delete = table.newDelete().validateFilesExist().set(SUMMARY_PROPERTY, "expire-data");
      plan.filesToRemove().forEach(delete::deleteFile);
      delete.commit();
      return 0;
    }
    ExpiredRowDeleteWriter writer = new ExpiredRowDeleteWriter(table);
    try {
      RowDelta delta = table.newRowDelta().validateFromSnapshot(plan.snapshotId()).validateDeletedFiles()
          .set(SUMMARY_PROPERTY, "expire-data");
      List<String> touched = new ArrayList<>();
      long added = 0;
      for (DataExpirationPlan.RowDeletes rows : plan.rowDeletes()) {
        ExpiredRowDeleteWriter.Result result = writer.write(rows.task(), rows.positions());
        result.added().forEach(delta::addDeletes);
        result.replaced().forEach(delta::removeDeletes);
        added += result.added().size();
        touched.add(rows.task().file().location());
      }
      // files removed whole are checked by validateDeletedFiles (a missing one fails the commit);
      // naming them here too would read as deleting files that new deletes reference
      plan.filesToRemove().forEach(delta::removeRows);
      delta.validateDataFilesExist(touched).commit();
      return added;
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      removeUncommitted(table, writer.written());
      throw e;
    }
  }

  private static void removeUncommitted(Table table, List<String> written) {
    for (String location : written) {
      try {
        table.io().deleteFile(location);
      } catch (RuntimeException e) {
        LOG.warn("Cannot remove uncommitted delete file {} (orphan cleaning will): {}", location, e.toString());
      }
    }
  }

  private static MaintenanceOutcome outcome(DataExpirationPlan plan, long deleteFilesAdded, ExpirationField.Cutoff cutoff,
      DataExpirationSettings settings, boolean dryRun) {
    MaintenanceOutcome.Builder outcome = MaintenanceOutcome.builder()
        .set("files-removed", plan.filesToRemove().size())
        .set("partitions-removed", plan.partitionsRemoved())
        .set("files-with-row-deletes", plan.rowDeletes().size())
        .set("rows-expired", plan.rowsExpired())
        .set("position-delete-files-added", deleteFilesAdded)
        .set("cutoff", cutoff.millis())
        .set("files-read", plan.filesRead())
        .set("unparseable-values", plan.unparseableValues())
        .set("straddling-files-skipped", plan.straddlingFilesSkipped());
    String before = "older than " + Instant.ofEpochMilli(cutoff.millis()) + " by " + cutoff.field() + " at level "
        + settings.level().name().toLowerCase(Locale.ROOT);
    String summary;
    if (plan.changesNothing()) {
      summary = "No rows " + before;
    } else {
      summary = (dryRun ? "Would expire " : "Expired ") + plan.rowsExpired() + " rows " + before + ": "
          + plan.filesToRemove().size() + " files removed, " + plan.rowDeletes().size() + " files with row deletes";
    }
    if (plan.unparseableValues() > 0) {
      summary += "; " + plan.unparseableValues() + " values do not match " + settings.pattern() + " and are kept";
    }
    if (plan.straddlingFilesSkipped() > 0) {
      summary += "; " + plan.straddlingFilesSkipped() + " files with expired rows cannot get row deletes "
          + "(format v1 table or a data file format other than Parquet)";
    }
    return outcome.build(summary);
  }
}
