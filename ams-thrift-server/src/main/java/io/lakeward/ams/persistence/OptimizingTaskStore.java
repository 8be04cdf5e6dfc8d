package io.lakeward.ams.persistence;

import static io.lakeward.ams.persistence.OptimizingProcessStore.truncate;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.optimizing.OptimizingTaskRecord;
import io.lakeward.ams.optimizing.TaskPayload;
import io.lakeward.scheduler.runtime.ProcessStatus;
import io.lakeward.scheduler.runtime.TaskStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of optimizing_task. Every move is a compare-and-set on (status, attempt), so a late call from
 * an earlier attempt, or two AMS threads racing, can never move a task twice.
 */
public final class OptimizingTaskStore {
  private static final String COLUMNS = "process_id, task_index, status, attempt_id, retry_count, partition_path, "
      + "input_files, input_delete_files, input_bytes, output_files, output_bytes, output_rows, optimizer_token, thread_id, "
      + "scheduled_at, acked_at, ended_at, duration_ms, fail_reason";
  private static final String RUNNING = "('" + TaskStatus.SCHEDULED + "', '" + TaskStatus.ACKED + "')";

  /** A task waiting for an optimizer thread, with the quota of its process. */
  public record Candidate(long processId, int taskIndex, int attemptId, double quota, long processCreatedAt) {}

  private final AmsDatabase database;

  public OptimizingTaskStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public List<OptimizingTaskRecord> tasks(long processId) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM optimizing_task WHERE process_id = ? ORDER BY task_index",
        OptimizingTaskStore::map, processId));
  }

  public Optional<OptimizingTaskRecord> find(long processId, int taskIndex) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM optimizing_task WHERE process_id = ? AND task_index = ?",
        OptimizingTaskStore::map, processId, taskIndex)).stream().findFirst();
  }

  /** Tasks of running processes of a group waiting for a thread, oldest process first. */
  public List<Candidate> planned(String group) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT t.process_id, t.task_index, t.attempt_id, p.quota, p.created_at FROM optimizing_task t "
            + "JOIN optimizing_process p ON p.process_id = t.process_id "
            + "WHERE p.optimizer_group = ? AND p.status = ? AND t.status = ? ORDER BY p.created_at, t.task_index",
        row -> new Candidate(row.getLong(1), row.getInt(2), row.getInt(3), row.getDouble(4), row.getLong(5)),
        group, ProcessStatus.RUNNING.name(), TaskStatus.PLANNED.name()));
  }

  /** How many tasks of a group's running processes wait for an optimizer thread. */
  public long countPlanned(String group) {
    return database.inTransaction(connection -> Rows.count(connection, "SELECT COUNT(*) FROM optimizing_task t "
        + "JOIN optimizing_process p ON p.process_id = t.process_id WHERE p.optimizer_group = ? AND p.status = ? "
        + "AND t.status = ?", group, ProcessStatus.RUNNING.name(), TaskStatus.PLANNED.name()));
  }

  /** Threads each process holds now (scheduled or acked tasks). */
  public Map<Long, Integer> runningByProcess() {
    return database.inTransaction(connection -> {
      Map<Long, Integer> running = new HashMap<>();
      Rows.query(connection, "SELECT process_id, COUNT(*) FROM optimizing_task WHERE status IN " + RUNNING
          + " GROUP BY process_id", row -> running.put(row.getLong(1), row.getInt(2)));
      return running;
    });
  }

  /** Tasks held by optimizer threads, with whom and since when. */
  public List<OptimizingTaskRecord> running() {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT " + COLUMNS + " FROM optimizing_task WHERE status IN " + RUNNING, OptimizingTaskStore::map));
  }

  /** PLANNED -> SCHEDULED as attempt+1 for this optimizer thread; empty when another poll won the task. */
  public Optional<TaskPayload> schedule(long processId, int taskIndex, int attemptId, String token, int threadId, long now) {
    return database.inTransaction(connection -> {
      int updated = Rows.update(connection, "UPDATE optimizing_task SET status = ?, attempt_id = ?, optimizer_token = ?, "
              + "thread_id = ?, scheduled_at = ?, acked_at = NULL, ended_at = NULL WHERE process_id = ? AND task_index = ? "
              + "AND status = ? AND attempt_id = ?",
          TaskStatus.SCHEDULED.name(), attemptId + 1, token, threadId, now, processId, taskIndex,
          TaskStatus.PLANNED.name(), attemptId);
      if (updated != 1) {
        return Optional.<TaskPayload>empty();
      }
      return Rows.query(connection, "SELECT input_encoding, input_data FROM optimizing_task WHERE process_id = ? "
          + "AND task_index = ?", row -> new TaskPayload(processId, taskIndex, attemptId + 1, row.getString(1),
          row.getBytes(2)), processId, taskIndex).stream().findFirst();
    });
  }

  /** SCHEDULED -> ACKED for the attempt and optimizer that hold the task. */
  public boolean ack(long processId, int taskIndex, int attemptId, String token, long now) {
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizing_task SET status = ?, "
            + "acked_at = ? WHERE process_id = ? AND task_index = ? AND attempt_id = ? AND optimizer_token = ? AND status = ?",
        TaskStatus.ACKED.name(), now, processId, taskIndex, attemptId, token, TaskStatus.SCHEDULED.name()) == 1);
  }

  /** A running attempt succeeded with this output. */
  public boolean succeed(long processId, int taskIndex, int attemptId, String encoding, byte[] output, int files,
      long bytes, long rows, long now) {
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizing_task SET status = ?, "
            + "output_encoding = ?, output_data = ?, output_files = ?, output_bytes = ?, output_rows = ?, ended_at = ?, "
            + "duration_ms = ? - scheduled_at, fail_reason = NULL WHERE process_id = ? AND task_index = ? AND attempt_id = ? "
            + "AND status IN " + RUNNING,
        TaskStatus.SUCCESS.name(), encoding, output, files, bytes, rows, now, now, processId, taskIndex, attemptId) == 1);
  }

  /**
   * A running attempt failed: back to PLANNED while retries remain, else FAILED. Empty when the
   * attempt is no longer current.
   */
  public Optional<TaskStatus> fail(long processId, int taskIndex, int attemptId, int maxRetries, String reason, long now) {
    return database.inTransaction(connection -> {
      List<Integer> retries = Rows.query(connection, "SELECT retry_count FROM optimizing_task WHERE process_id = ? "
          + "AND task_index = ? AND attempt_id = ? AND status IN " + RUNNING, row -> row.getInt(1),
          processId, taskIndex, attemptId);
      if (retries.isEmpty()) {
        return Optional.<TaskStatus>empty();
      }
      TaskStatus next = retries.get(0) + 1 > maxRetries ? TaskStatus.FAILED : TaskStatus.PLANNED;
      // Guarded like every move: a completion that won the race keeps its SUCCESS and its output.
      int updated = Rows.update(connection, "UPDATE optimizing_task SET status = ?, retry_count = retry_count + 1, "
              + "ended_at = ?, duration_ms = ? - scheduled_at, fail_reason = ?, output_data = NULL, optimizer_token = NULL "
              + "WHERE process_id = ? AND task_index = ? AND attempt_id = ? AND status IN " + RUNNING,
          next.name(), now, now, truncate(reason, 3900), processId, taskIndex, attemptId);
      return updated == 1 ? Optional.of(next) : Optional.<TaskStatus>empty();
    });
  }

  /** A running attempt lost its optimizer: back to PLANNED without using a retry. */
  public boolean requeue(long processId, int taskIndex, int attemptId, String reason) {
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizing_task SET status = ?, "
            + "optimizer_token = NULL, thread_id = NULL, fail_reason = ? WHERE process_id = ? AND task_index = ? "
            + "AND attempt_id = ? AND status IN " + RUNNING,
        TaskStatus.PLANNED.name(), truncate(reason, 3900), processId, taskIndex, attemptId) == 1);
  }

  /** Cancels every task of a process that has not ended (SUCCESS tasks too: nothing will be committed). */
  public int cancelAll(long processId, long now) {
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizing_task SET status = ?, "
            + "ended_at = COALESCE(ended_at, ?) WHERE process_id = ? AND status <> ? AND status <> ?",
        TaskStatus.CANCELED.name(), now, processId, TaskStatus.CANCELED.name(), TaskStatus.FAILED.name()));
  }

  /** The outputs of the tasks of a process that succeeded (and may have been cancelled since). */
  public List<TaskPayload> outputs(long processId) {
    return database.inTransaction(connection -> Rows.query(connection, "SELECT task_index, attempt_id, output_encoding, "
            + "output_data FROM optimizing_task WHERE process_id = ? AND status IN (?, ?) AND output_data IS NOT NULL "
            + "ORDER BY task_index",
        row -> new TaskPayload(processId, row.getInt(1), row.getInt(2), row.getString(3), row.getBytes(4)),
        processId, TaskStatus.SUCCESS.name(), TaskStatus.CANCELED.name()));
  }

  /** The inputs of all tasks of a process. */
  public List<TaskPayload> inputs(long processId) {
    return database.inTransaction(connection -> Rows.query(connection, "SELECT task_index, attempt_id, input_encoding, "
            + "input_data FROM optimizing_task WHERE process_id = ? AND input_data IS NOT NULL ORDER BY task_index",
        row -> new TaskPayload(processId, row.getInt(1), row.getInt(2), row.getString(3), row.getBytes(4)), processId));
  }

  static void dropPayloads(Connection connection, long processId) throws SQLException {
    Rows.update(connection, "UPDATE optimizing_task SET input_data = NULL, output_data = NULL WHERE process_id = ?",
        processId);
  }

  private static OptimizingTaskRecord map(ResultSet row) throws SQLException {
    return new OptimizingTaskRecord(row.getLong("process_id"), row.getInt("task_index"),
        TaskStatus.valueOf(row.getString("status")), row.getInt("attempt_id"), row.getInt("retry_count"),
        row.getString("partition_path"), row.getInt("input_files"), row.getInt("input_delete_files"),
        row.getLong("input_bytes"), (Integer) row.getObject("output_files"), (Long) row.getObject("output_bytes"),
        (Long) row.getObject("output_rows"), row.getString("optimizer_token"), (Integer) row.getObject("thread_id"),
        (Long) row.getObject("scheduled_at"), (Long) row.getObject("acked_at"), (Long) row.getObject("ended_at"),
        (Long) row.getObject("duration_ms"), row.getString("fail_reason"));
  }
}
