package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.optimizing.TableRuntime;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.runtime.OptimizingStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Rows of table_runtime: where each managed table stands in its optimizing cycle. */
public final class TableRuntimeStore {
  private static final String KEY = "catalog_name = ? AND database_name = ? AND table_name = ?";

  private final AmsDatabase database;

  public TableRuntimeStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public Optional<TableRuntime> find(TableName table) {
    return database.inTransaction(connection -> Rows.query(connection, "SELECT * FROM table_runtime WHERE " + KEY,
        TableRuntimeStore::map, table.catalog(), table.database(), table.table())).stream().findFirst();
  }

  public List<TableRuntime> list() {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM table_runtime ORDER BY catalog_name, database_name, table_name", TableRuntimeStore::map));
  }

  /** How many tables of a group wait for planning (PENDING). */
  public long countPending(String group) {
    return database.inTransaction(connection -> Rows.count(connection,
        "SELECT COUNT(*) FROM table_runtime WHERE optimizer_group = ? AND status = ?", group,
        OptimizingStatus.PENDING.name()));
  }

  /**
   * Inserts the runtime of a new table, or replaces an existing one's if its status is still
   * {@code expected}; false when another actor (planner, committer) moved the table meanwhile.
   */
  public boolean save(TableRuntime r, OptimizingStatus expected) {
    return database.inTransaction(connection -> {
      Object[] values = {r.status().name(), r.statusSince(), r.group(), r.evaluatedSnapshotId(), r.evaluatedMetadata(),
          r.optimizedSnapshotId(),
          r.lastMinorAt(), r.lastMajorAt(), r.lastFullAt(), r.pendingType().map(Enum::name).orElse(null),
          truncate(r.pendingReason(), 1000), r.healthScore(), r.dataFiles(), r.fragmentFiles(), r.equalityDeleteFiles(),
          r.positionDeleteFiles(), truncate(r.lastError(), 2000), r.updatedAt(),
          r.table().catalog(), r.table().database(), r.table().table()};
      Object[] guarded = java.util.Arrays.copyOf(values, values.length + 1);
      guarded[values.length] = expected.name();
      int updated = Rows.update(connection, "UPDATE table_runtime SET status = ?, status_since = ?, optimizer_group = ?, "
          + "evaluated_snapshot_id = ?, evaluated_metadata = ?, optimized_snapshot_id = ?, last_minor_at = ?, last_major_at = ?, last_full_at = ?, "
          + "pending_type = ?, pending_reason = ?, health_score = ?, data_files = ?, fragment_files = ?, "
          + "equality_delete_files = ?, position_delete_files = ?, last_error = ?, updated_at = ? WHERE " + KEY
          + " AND status = ?", guarded);
      if (updated == 1) {
        return true;
      }
      boolean exists = Rows.count(connection, "SELECT COUNT(*) FROM table_runtime WHERE " + KEY,
          r.table().catalog(), r.table().database(), r.table().table()) > 0;
      if (!exists) {
        Rows.update(connection, "INSERT INTO table_runtime (status, status_since, optimizer_group, evaluated_snapshot_id, "
            + "evaluated_metadata, optimized_snapshot_id, last_minor_at, last_major_at, last_full_at, pending_type, pending_reason, health_score, "
            + "data_files, fragment_files, equality_delete_files, position_delete_files, last_error, updated_at, "
            + "catalog_name, database_name, table_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values);
        return true;
      }
      return false;
    });
  }

  /** Moves a table from expected to next (a checked transition); false when it was not in expected. */
  public boolean move(TableName table, OptimizingStatus expected, OptimizingStatus next, long now) {
    expected.moveTo(next);
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE table_runtime SET status = ?, "
        + "status_since = ?, updated_at = ? WHERE " + KEY + " AND status = ?", next.name(), now, now,
        table.catalog(), table.database(), table.table(), expected.name()) == 1);
  }

  /**
   * Back to IDLE when the table's process {@code processId} ended (committed when committedType is
   * set); a table that has moved on to another process is left alone. Forces a re-evaluation.
   */
  public boolean finishOptimizing(TableName table, long processId, OptimizingType committedType, Long committedSnapshot,
      long now) {
    return database.inTransaction(connection -> {
      String lastColumn = committedType == null ? null : switch (committedType) {
        case MINOR -> "last_minor_at";
        case MAJOR -> "last_major_at";
        case FULL -> "last_full_at";
      };
      String extra = lastColumn == null ? "" : ", " + lastColumn + " = " + now + ", optimized_snapshot_id = " + committedSnapshot;
      return Rows.update(connection, "UPDATE table_runtime SET status = ?, status_since = ?, process_id = NULL, "
          + "evaluated_metadata = NULL, pending_type = NULL, updated_at = ?" + extra + " WHERE " + KEY + " AND process_id = ?",
          OptimizingStatus.IDLE.name(), now, now, table.catalog(), table.database(), table.table(), processId) == 1;
    });
  }

  /**
   * Back to IDLE from a status nobody will finish (a planning or a process that vanished with a
   * crash), if the table is still in {@code expected} without a process. Forces a re-evaluation.
   */
  public boolean release(TableName table, OptimizingStatus expected, Long expectedProcessId, long now) {
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE table_runtime SET status = ?, "
            + "status_since = ?, process_id = NULL, evaluated_metadata = NULL, updated_at = ? WHERE " + KEY
            + " AND status = ? AND " + (expectedProcessId == null ? "process_id IS NULL" : "process_id = " + expectedProcessId),
        OptimizingStatus.IDLE.name(), now, now, table.catalog(), table.database(), table.table(), expected.name()) == 1);
  }

  /** PLANNING -> IDLE after planning failed: the error is shown and the next plan waits min-plan-interval. */
  public void planningFailed(TableName table, String error, long now) {
    database.inTransaction(connection -> Rows.update(connection, "UPDATE table_runtime SET status = ?, status_since = ?, "
            + "last_planned_at = ?, last_error = ?, evaluated_metadata = NULL, updated_at = ? WHERE " + KEY + " AND status = ?",
        OptimizingStatus.IDLE.name(), now, now, truncate(error, 2000), now, table.catalog(), table.database(),
        table.table(), OptimizingStatus.PLANNING.name()));
  }

  /**
   * PLANNING -> IDLE when there was nothing worth rewriting: the request is served and the table
   * keeps its evaluated metadata, so it is not re-planned until it changes.
   */
  public void plannedNothing(TableName table, Optional<OptimizingType> served, long now) {
    database.inTransaction(connection -> Rows.update(connection, "UPDATE table_runtime SET status = ?, status_since = ?, "
        + "last_planned_at = ?, requested_type = CASE WHEN requested_type = ? THEN NULL ELSE requested_type END, "
        + "pending_type = NULL, updated_at = ? WHERE " + KEY + " AND status = ?",
        OptimizingStatus.IDLE.name(), now, now, served.map(Enum::name).orElse(""), now, table.catalog(),
        table.database(), table.table(), OptimizingStatus.PLANNING.name()));
  }

  /** Asks for an optimizing of this type at the next planning; an idle table becomes PENDING at once. */
  public boolean request(TableName table, OptimizingType type, long now) {
    return database.inTransaction(connection -> {
      int updated = Rows.update(connection, "UPDATE table_runtime SET requested_type = ?, updated_at = ? WHERE " + KEY,
          type.name(), now, table.catalog(), table.database(), table.table());
      Rows.update(connection, "UPDATE table_runtime SET status = ?, status_since = ? WHERE " + KEY + " AND status = ?",
          OptimizingStatus.PENDING.name(), now, table.catalog(), table.database(), table.table(),
          OptimizingStatus.IDLE.name());
      return updated == 1;
    });
  }

  /**
   * Keeps an optimizing of this type asked for after its process was abandoned for reasons outside
   * the work (an earlier request of another type stays); the evaluation makes the table PENDING again.
   */
  public void requestAgain(TableName table, OptimizingType type, long now) {
    database.inTransaction(connection -> Rows.update(connection, "UPDATE table_runtime SET requested_type = "
            + "CASE WHEN requested_type IS NULL THEN ? ELSE requested_type END, updated_at = ? WHERE " + KEY,
        type.name(), now, table.catalog(), table.database(), table.table()));
  }

  /** Removes the runtimes of tables the AMS no longer manages. */
  public int deleteUnmanaged() {
    return database.inTransaction(connection -> Rows.update(connection, "DELETE FROM table_runtime WHERE NOT EXISTS ("
        + "SELECT 1 FROM managed_table m WHERE m.catalog_name = table_runtime.catalog_name "
        + "AND m.database_name = table_runtime.database_name AND m.table_name = table_runtime.table_name)"));
  }

  private static TableRuntime map(ResultSet row) throws SQLException {
    String pending = row.getString("pending_type");
    return new TableRuntime(
        new TableName(row.getString("catalog_name"), row.getString("database_name"), row.getString("table_name")),
        OptimizingStatus.valueOf(row.getString("status")),
        row.getLong("status_since"),
        row.getString("optimizer_group"),
        (Long) row.getObject("evaluated_snapshot_id"),
        row.getString("evaluated_metadata"),
        (Long) row.getObject("optimized_snapshot_id"),
        row.getLong("last_minor_at"),
        row.getLong("last_major_at"),
        row.getLong("last_full_at"),
        Optional.ofNullable(pending).map(OptimizingType::valueOf),
        row.getString("pending_reason"),
        row.getInt("health_score"),
        row.getInt("data_files"),
        row.getInt("fragment_files"),
        row.getInt("equality_delete_files"),
        row.getInt("position_delete_files"),
        row.getString("last_error"),
        row.getLong("updated_at"),
        Optional.ofNullable(row.getString("requested_type")).map(OptimizingType::valueOf),
        row.getLong("last_planned_at"),
        (Long) row.getObject("process_id"));
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
