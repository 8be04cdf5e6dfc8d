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

  /** Inserts or replaces the runtime of a table. */
  public void save(TableRuntime r) {
    database.inTransaction(connection -> {
      Object[] values = {r.status().name(), r.statusSince(), r.group(), r.evaluatedSnapshotId(), r.evaluatedMetadata(),
          r.optimizedSnapshotId(),
          r.lastMinorAt(), r.lastMajorAt(), r.lastFullAt(), r.pendingType().map(Enum::name).orElse(null),
          truncate(r.pendingReason(), 1000), r.healthScore(), r.dataFiles(), r.fragmentFiles(), r.equalityDeleteFiles(),
          r.positionDeleteFiles(), truncate(r.lastError(), 2000), r.updatedAt(),
          r.table().catalog(), r.table().database(), r.table().table()};
      int updated = Rows.update(connection, "UPDATE table_runtime SET status = ?, status_since = ?, optimizer_group = ?, "
          + "evaluated_snapshot_id = ?, evaluated_metadata = ?, optimized_snapshot_id = ?, last_minor_at = ?, last_major_at = ?, last_full_at = ?, "
          + "pending_type = ?, pending_reason = ?, health_score = ?, data_files = ?, fragment_files = ?, "
          + "equality_delete_files = ?, position_delete_files = ?, last_error = ?, updated_at = ? WHERE " + KEY, values);
      if (updated == 0) {
        Rows.update(connection, "INSERT INTO table_runtime (status, status_since, optimizer_group, evaluated_snapshot_id, "
            + "evaluated_metadata, optimized_snapshot_id, last_minor_at, last_major_at, last_full_at, pending_type, pending_reason, health_score, "
            + "data_files, fragment_files, equality_delete_files, position_delete_files, last_error, updated_at, "
            + "catalog_name, database_name, table_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values);
      }
      return null;
    });
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
        row.getLong("updated_at"));
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
