package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.optimizing.NewTask;
import io.lakeward.ams.optimizing.OptimizingProcess;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.runtime.OptimizingStatus;
import io.lakeward.scheduler.runtime.ProcessStatus;
import io.lakeward.scheduler.runtime.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Rows of optimizing_process. Status moves are compare-and-set, so two actors never both win one move. */
public final class OptimizingProcessStore {
  private static final String TABLE_KEY = "catalog_name = ? AND database_name = ? AND table_name = ?";
  /** Every column but the payload, which only the committer reads. */
  private static final String COLUMNS = "process_id, catalog_name, database_name, table_name, optimizer_group, "
      + "optimizing_type, status, planned_snapshot_id, quota, max_retries, task_count, input_files, input_delete_files, "
      + "input_bytes, output_files, output_bytes, committed_snapshot_id, created_at, ended_at, fail_reason";

  private final AmsDatabase database;

  public OptimizingProcessStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  /**
   * Stores a new process with all its tasks (PLANNED, attempt 0) and moves its table from PLANNING to
   * {@code tableStatus} pointing at it, in one transaction: a process exists exactly when its table
   * says so. False (and nothing stored) when the table was no longer PLANNING.
   */
  public boolean insertAndStart(OptimizingProcess p, byte[] removableDeletes, List<NewTask> tasks,
      OptimizingStatus tableStatus) {
    OptimizingStatus.PLANNING.moveTo(tableStatus);
    return database.inTransaction(connection -> {
      int moved = Rows.update(connection, "UPDATE table_runtime SET status = ?, status_since = ?, process_id = ?, "
              + "last_planned_at = ?, requested_type = CASE WHEN requested_type = ? THEN NULL ELSE requested_type END, "
              + "updated_at = ? WHERE " + TABLE_KEY + " AND status = ?",
          tableStatus.name(), p.createdAt(), p.processId(), p.createdAt(), p.type().name(), p.createdAt(),
          p.table().catalog(), p.table().database(), p.table().table(), OptimizingStatus.PLANNING.name());
      if (moved != 1) {
        return false;
      }
      Rows.update(connection, "INSERT INTO optimizing_process (process_id, catalog_name, database_name, table_name, "
              + "optimizer_group, optimizing_type, status, planned_snapshot_id, quota, max_retries, task_count, input_files, "
              + "input_delete_files, input_bytes, removable_deletes, created_at) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          p.processId(), p.table().catalog(), p.table().database(), p.table().table(), p.group(), p.type().name(),
          p.status().name(), p.plannedSnapshotId(), p.quota(), p.maxRetries(), p.taskCount(), p.inputFiles(),
          p.inputDeleteFiles(), p.inputBytes(), removableDeletes, p.createdAt());
      for (NewTask t : tasks) {
        Rows.update(connection, "INSERT INTO optimizing_task (process_id, task_index, status, attempt_id, retry_count, "
                + "partition_path, input_files, input_delete_files, input_bytes, input_encoding, input_data) "
                + "VALUES (?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?)",
            p.processId(), t.taskIndex(), TaskStatus.PLANNED.name(), truncate(t.partition(), 1000), t.inputFiles(),
            t.inputDeleteFiles(), t.inputBytes(), t.inputEncoding(), t.input());
      }
      return true;
    });
  }

  public Optional<OptimizingProcess> find(long processId) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM optimizing_process WHERE process_id = ?", OptimizingProcessStore::map, processId))
        .stream().findFirst();
  }

  /** Processes that are running or committing. */
  public List<OptimizingProcess> active() {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM optimizing_process WHERE status IN (?, ?) ORDER BY created_at",
        OptimizingProcessStore::map, ProcessStatus.RUNNING.name(), ProcessStatus.COMMITTING.name()));
  }

  public Optional<OptimizingProcess> activeOf(TableName table) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM optimizing_process WHERE " + TABLE_KEY + " AND status IN (?, ?)", OptimizingProcessStore::map,
        table.catalog(), table.database(), table.table(), ProcessStatus.RUNNING.name(), ProcessStatus.COMMITTING.name()))
        .stream().findFirst();
  }

  /** The newest processes of a table, newest first. */
  public List<OptimizingProcess> history(TableName table, int limit) {
    return database.inTransaction(connection -> {
      List<OptimizingProcess> all = Rows.query(connection,
          "SELECT " + COLUMNS + " FROM optimizing_process WHERE " + TABLE_KEY + " ORDER BY created_at DESC, process_id DESC",
          OptimizingProcessStore::map, table.catalog(), table.database(), table.table());
      return all.size() <= limit ? all : all.subList(0, limit);
    });
  }

  public byte[] removableDeletes(long processId) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT removable_deletes FROM optimizing_process WHERE process_id = ?", row -> row.getBytes(1), processId))
        .stream().findFirst().orElse(null);
  }

  /** Moves a process from expected to next; false when another actor moved it first. */
  public boolean move(long processId, ProcessStatus expected, ProcessStatus next, long now, String failReason) {
    expected.moveTo(next);
    boolean ended = !next.isActive();
    return database.inTransaction(connection -> Rows.update(connection,
        "UPDATE optimizing_process SET status = ?, ended_at = ?, fail_reason = ? WHERE process_id = ? AND status = ?",
        next.name(), ended ? now : null, truncate(failReason, 2000), processId, expected.name()) == 1);
  }

  /** Marks a committing process committed, with what it wrote, and drops its task payloads. */
  public boolean committed(long processId, long snapshotId, int outputFiles, long outputBytes, long now) {
    return database.inTransaction(connection -> {
      int updated = Rows.update(connection, "UPDATE optimizing_process SET status = ?, committed_snapshot_id = ?, "
              + "output_files = ?, output_bytes = ?, ended_at = ?, removable_deletes = NULL WHERE process_id = ? AND status = ?",
          ProcessStatus.SUCCESS.name(), snapshotId, outputFiles, outputBytes, now, processId, ProcessStatus.COMMITTING.name());
      OptimizingTaskStore.dropPayloads(connection, processId);
      return updated == 1;
    });
  }

  /** Deletes processes (and their tasks) that ended before the threshold; returns how many. */
  public int deleteEndedBefore(long threshold) {
    return database.inTransaction(connection -> {
      Rows.update(connection, "DELETE FROM optimizing_task WHERE process_id IN (SELECT process_id FROM optimizing_process "
          + "WHERE ended_at IS NOT NULL AND ended_at < ?)", threshold);
      return Rows.update(connection, "DELETE FROM optimizing_process WHERE ended_at IS NOT NULL AND ended_at < ?", threshold);
    });
  }

  /** Drops the payloads of an ended process: the database keeps them only while a process is alive. */
  public void dropPayloads(long processId) {
    database.inTransaction(connection -> {
      Rows.update(connection, "UPDATE optimizing_process SET removable_deletes = NULL WHERE process_id = ?", processId);
      OptimizingTaskStore.dropPayloads(connection, processId);
      return null;
    });
  }

  private static OptimizingProcess map(ResultSet row) throws SQLException {
    return new OptimizingProcess(
        row.getLong("process_id"),
        new TableName(row.getString("catalog_name"), row.getString("database_name"), row.getString("table_name")),
        row.getString("optimizer_group"),
        OptimizingType.valueOf(row.getString("optimizing_type")),
        ProcessStatus.valueOf(row.getString("status")),
        row.getLong("planned_snapshot_id"),
        row.getDouble("quota"),
        row.getInt("max_retries"),
        row.getInt("task_count"),
        row.getInt("input_files"),
        row.getInt("input_delete_files"),
        row.getLong("input_bytes"),
        (Integer) row.getObject("output_files"),
        (Long) row.getObject("output_bytes"),
        (Long) row.getObject("committed_snapshot_id"),
        row.getLong("created_at"),
        (Long) row.getObject("ended_at"),
        row.getString("fail_reason"));
  }

  static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
