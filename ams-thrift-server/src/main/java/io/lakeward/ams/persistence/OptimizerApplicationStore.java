package io.lakeward.ams.persistence;

import static io.lakeward.ams.persistence.OptimizingProcessStore.truncate;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.optimizer.ApplicationStatus;
import io.lakeward.ams.optimizer.LaunchReason;
import io.lakeward.ams.optimizer.OptimizerApplication;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Rows of optimizer_application. Status moves are compare-and-set on the current status, so an
 * application ends exactly once even when the reaper, a kill and a timeout race.
 */
public final class OptimizerApplicationStore {
  private static final String LIVE = "('" + ApplicationStatus.STARTING + "', '" + ApplicationStatus.RUNNING + "')";

  private final AmsDatabase database;

  public OptimizerApplicationStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public void insert(OptimizerApplication a) {
    database.inTransaction(connection -> Rows.update(connection, "INSERT INTO optimizer_application (application_id, "
            + "group_name, container, resource_id, launch_reason, parallelism, idle_exit_seconds, status, host, log_path, "
            + "started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        a.applicationId(), a.group(), a.container(), a.resourceId(), a.reason().name(), a.parallelism(),
        a.idleExitSeconds(), a.status().name(), truncate(a.host(), 256), truncate(a.logPath(), 1024), a.startedAt()));
  }

  public Optional<OptimizerApplication> find(long applicationId) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM optimizer_application WHERE application_id = ?", OptimizerApplicationStore::map, applicationId))
        .stream().findFirst();
  }

  public Optional<OptimizerApplication> findByResource(String resourceId) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM optimizer_application WHERE resource_id = ?", OptimizerApplicationStore::map, resourceId))
        .stream().findFirst();
  }

  /** Applications that are STARTING or RUNNING, oldest first. */
  public List<OptimizerApplication> live() {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM optimizer_application WHERE status IN " + LIVE + " ORDER BY started_at, application_id",
        OptimizerApplicationStore::map));
  }

  /** The newest applications, of one group or (group null) of all, newest first. */
  public List<OptimizerApplication> recent(String group, int limit) {
    return database.inTransaction(connection -> {
      String where = group == null ? "" : " WHERE group_name = ?";
      Object[] params = group == null ? new Object[0] : new Object[] {group};
      return Rows.queryLimited(connection, "SELECT * FROM optimizer_application" + where
          + " ORDER BY started_at DESC, application_id DESC", limit, OptimizerApplicationStore::map, params);
    });
  }

  /** Records the process of a launched application. */
  public void started(long applicationId, Long pid, String submissionId) {
    database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizer_application SET pid = ?, "
        + "submission_id = ? WHERE application_id = ?", pid, truncate(submissionId, 256), applicationId));
  }

  /** A submission (driver) id learnt after the launch, e.g. from spark-submit's output in cluster mode. */
  public void submission(long applicationId, String submissionId) {
    database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizer_application SET submission_id = ? "
        + "WHERE application_id = ?", truncate(submissionId, 256), applicationId));
  }

  /**
   * Its optimizer is registered: STARTING becomes RUNNING (registered_at set); a RUNNING one records
   * that it was seen. The Spark application id is kept when the optimizer reports one.
   */
  public void seen(long applicationId, String sparkAppId, long now) {
    database.inTransaction(connection -> {
      Rows.update(connection, "UPDATE optimizer_application SET status = ?, registered_at = ? WHERE application_id = ? "
          + "AND status = ?", ApplicationStatus.RUNNING.name(), now, applicationId, ApplicationStatus.STARTING.name());
      if (sparkAppId != null) {
        Rows.update(connection, "UPDATE optimizer_application SET spark_app_id = ? WHERE application_id = ?",
            truncate(sparkAppId, 256), applicationId);
      }
      return Rows.update(connection, "UPDATE optimizer_application SET last_seen_at = ? WHERE application_id = ? "
          + "AND status = ?", now, applicationId, ApplicationStatus.RUNNING.name());
    });
  }

  /**
   * Ends a live application (compare-and-set on expected); false when it had already moved on.
   * exitCode may be null (unknown).
   */
  public boolean end(long applicationId, ApplicationStatus expected, ApplicationStatus next, Integer exitCode,
      String message, long now) {
    expected.moveTo(next);
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizer_application SET status = ?, "
            + "ended_at = ?, exit_code = ?, message = ? WHERE application_id = ? AND status = ?", next.name(), now,
        exitCode, truncate(message, 2048), applicationId, expected.name()) == 1);
  }

  /** The exit code of an application that was already ended (killed) when its process exited. */
  public void exitCode(long applicationId, int exitCode) {
    database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizer_application SET exit_code = ? "
        + "WHERE application_id = ? AND exit_code IS NULL", exitCode, applicationId));
  }

  /** Applications that ended before the threshold. */
  public List<OptimizerApplication> endedBefore(long threshold) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM optimizer_application WHERE ended_at IS NOT NULL AND ended_at < ?", OptimizerApplicationStore::map,
        threshold));
  }

  public void delete(long applicationId) {
    database.inTransaction(connection -> Rows.update(connection,
        "DELETE FROM optimizer_application WHERE application_id = ?", applicationId));
  }

  private static OptimizerApplication map(ResultSet row) throws SQLException {
    return new OptimizerApplication(
        row.getLong("application_id"),
        row.getString("group_name"),
        row.getString("container"),
        row.getString("resource_id"),
        LaunchReason.valueOf(row.getString("launch_reason")),
        row.getInt("parallelism"),
        row.getLong("idle_exit_seconds"),
        ApplicationStatus.valueOf(row.getString("status")),
        row.getString("host"),
        (Long) row.getObject("pid"),
        row.getString("spark_app_id"),
        row.getString("submission_id"),
        row.getString("log_path"),
        row.getLong("started_at"),
        (Long) row.getObject("registered_at"),
        (Long) row.getObject("last_seen_at"),
        (Long) row.getObject("ended_at"),
        (Integer) row.getObject("exit_code"),
        row.getString("message"));
  }
}
