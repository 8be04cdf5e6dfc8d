package io.lakeward.ams.persistence;

import static io.lakeward.ams.persistence.OptimizingProcessStore.truncate;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.maintenance.MaintenanceAction;
import io.lakeward.ams.maintenance.MaintenanceRun;
import io.lakeward.ams.maintenance.MaintenanceStatus;
import io.lakeward.ams.maintenance.MaintenanceTrigger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of maintenance_process, the history of maintenance runs. A run ends by compare-and-set on
 * RUNNING, so it ends exactly once.
 */
public final class MaintenanceRunStore {
  private final AmsDatabase database;

  public MaintenanceRunStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public void insert(MaintenanceRun run) {
    TableName t = run.table();
    database.inTransaction(connection -> Rows.update(connection, "INSERT INTO maintenance_process (process_id, "
            + "catalog_name, database_name, table_name, action, trigger_kind, dry_run, status, started_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", run.runId(), t.catalog(), t.database(), t.table(),
        run.action().wireName(), run.trigger().name(), run.dryRun() ? 1 : 0, run.status().name(), run.startedAt()));
  }

  /** Ends a RUNNING run; false when it had already ended. */
  public boolean end(long runId, MaintenanceStatus status, long now, Map<String, Long> metrics, String summary,
      String failReason) {
    Map<String, String> encoded = new LinkedHashMap<>();
    metrics.forEach((k, v) -> encoded.put(k, Long.toString(v)));
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE maintenance_process SET status = ?, "
            + "ended_at = ?, metrics = ?, summary = ?, fail_reason = ? WHERE process_id = ? AND status = ?",
        status.name(), now, truncate(Rows.toJson(encoded), 4000), truncate(summary, 2048), truncate(failReason, 4000),
        runId, MaintenanceStatus.RUNNING.name()) == 1);
  }

  public Optional<MaintenanceRun> find(long runId) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM maintenance_process WHERE process_id = ?", MaintenanceRunStore::map, runId)).stream().findFirst();
  }

  /** The newest runs, of one table (or all when table is null) and one action (or all), newest first. */
  public List<MaintenanceRun> history(TableName table, MaintenanceAction action, int limit) {
    StringBuilder where = new StringBuilder();
    List<Object> params = new ArrayList<>();
    if (table != null) {
      where.append(" WHERE catalog_name = ? AND database_name = ? AND table_name = ?");
      params.addAll(List.of(table.catalog(), table.database(), table.table()));
    }
    if (action != null) {
      where.append(where.length() == 0 ? " WHERE" : " AND").append(" action = ?");
      params.add(action.wireName());
    }
    return database.inTransaction(connection -> Rows.queryLimited(connection, "SELECT * FROM maintenance_process"
        + where + " ORDER BY started_at DESC, process_id DESC", limit, MaintenanceRunStore::map, params.toArray()));
  }

  /** Runs a previous AMS left RUNNING (it stopped mid-run) end as FAILED; returns how many. */
  public int failAbandoned(long now) {
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE maintenance_process SET status = ?, "
            + "ended_at = ?, fail_reason = ? WHERE status = ?", MaintenanceStatus.FAILED.name(), now,
        "The AMS stopped during the run", MaintenanceStatus.RUNNING.name()));
  }

  public int deleteEndedBefore(long threshold) {
    return database.inTransaction(connection -> Rows.update(connection,
        "DELETE FROM maintenance_process WHERE ended_at IS NOT NULL AND ended_at < ?", threshold));
  }

  private static MaintenanceRun map(ResultSet row) throws SQLException {
    Map<String, Long> metrics = new LinkedHashMap<>();
    String text = row.getString("metrics");
    if (text != null) {
      Rows.fromJson(text).forEach((k, v) -> metrics.put(k, Long.parseLong(v)));
    }
    return new MaintenanceRun(
        row.getLong("process_id"),
        new TableName(row.getString("catalog_name"), row.getString("database_name"), row.getString("table_name")),
        MaintenanceAction.of(row.getString("action")),
        MaintenanceTrigger.valueOf(row.getString("trigger_kind")),
        row.getInt("dry_run") != 0,
        MaintenanceStatus.valueOf(row.getString("status")),
        row.getLong("started_at"),
        (Long) row.getObject("ended_at"),
        metrics,
        row.getString("summary"),
        row.getString("fail_reason"));
  }
}
