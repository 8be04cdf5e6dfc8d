package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.optimizing.OptimizerRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Rows of optimizer: who is registered and when each was last heard from. */
public final class OptimizerStore {
  private final AmsDatabase database;

  public OptimizerStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public void insert(OptimizerRecord optimizer) {
    database.inTransaction(connection -> Rows.update(connection,
        "INSERT INTO optimizer (token, group_name, thread_count, memory_mb, host, resource_id, properties, "
            + "registered_at, last_heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        optimizer.token(), optimizer.group(), optimizer.threadCount(), optimizer.memoryMb(), optimizer.host(),
        optimizer.resourceId(), Rows.toJson(optimizer.properties()), optimizer.registeredAtMillis(),
        optimizer.lastHeartbeatAtMillis()));
  }

  /** Records a heartbeat; false when the token is unknown (never registered or already dropped). */
  public boolean touch(String token, long now) {
    return database.inTransaction(connection ->
        Rows.update(connection, "UPDATE optimizer SET last_heartbeat_at = ? WHERE token = ?", now, token) == 1);
  }

  public Optional<OptimizerRecord> find(String token) {
    return database.inTransaction(connection ->
        Rows.query(connection, "SELECT * FROM optimizer WHERE token = ?", OptimizerStore::map, token))
        .stream().findFirst();
  }

  public List<OptimizerRecord> list() {
    return database.inTransaction(connection ->
        Rows.query(connection, "SELECT * FROM optimizer ORDER BY group_name, registered_at", OptimizerStore::map));
  }

  /** Removes optimizers not heard from since {@code threshold} and returns them. */
  public List<OptimizerRecord> deleteSilentSince(long threshold) {
    return database.inTransaction(connection -> {
      List<OptimizerRecord> silent = Rows.query(connection,
          "SELECT * FROM optimizer WHERE last_heartbeat_at < ?", OptimizerStore::map, threshold);
      for (OptimizerRecord optimizer : silent) {
        Rows.update(connection, "DELETE FROM optimizer WHERE token = ?", optimizer.token());
      }
      return silent;
    });
  }

  private static OptimizerRecord map(ResultSet row) throws SQLException {
    return new OptimizerRecord(
        row.getString("token"),
        row.getString("group_name"),
        row.getInt("thread_count"),
        row.getInt("memory_mb"),
        row.getString("host"),
        row.getString("resource_id"),
        Rows.fromJson(row.getString("properties")),
        row.getLong("registered_at"),
        row.getLong("last_heartbeat_at"));
  }
}
