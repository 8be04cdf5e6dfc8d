package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.BlockerRecord;
import io.lakeward.ams.catalog.TableName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** Rows of table_blocker. Expired rows are invisible to readers and removed by {@link #deleteExpired}. */
public final class BlockerStore {
  private final AmsDatabase database;

  public BlockerStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  public void insert(BlockerRecord blocker) {
    database.inTransaction(connection -> Rows.update(connection,
        "INSERT INTO table_blocker (blocker_id, catalog_name, database_name, table_name, operations, created_at, "
            + "expires_at, ttl_ms, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        blocker.blockerId(), blocker.table().catalog(), blocker.table().database(), blocker.table().table(),
        String.join(",", blocker.operations()), blocker.createdAtMillis(), blocker.expiresAtMillis(),
        blocker.ttlMillis(), Rows.toJson(blocker.properties())));
  }

  public List<BlockerRecord> listLive(TableName table, long now) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM table_blocker WHERE catalog_name = ? AND database_name = ? AND table_name = ? AND expires_at > ? "
            + "ORDER BY created_at", BlockerStore::map, table.catalog(), table.database(), table.table(), now));
  }

  /** Extends a live blocker by its ttl from now; empty when it does not exist or already expired. */
  public OptionalLong renew(TableName table, String blockerId, long now) {
    return database.inTransaction(connection -> {
      List<Long> ttl = Rows.query(connection, "SELECT ttl_ms FROM table_blocker WHERE blocker_id = ? AND catalog_name = ? "
              + "AND database_name = ? AND table_name = ? AND expires_at > ?", row -> row.getLong(1),
          blockerId, table.catalog(), table.database(), table.table(), now);
      if (ttl.isEmpty()) {
        return OptionalLong.empty();
      }
      long expiresAt = now + ttl.get(0);
      Rows.update(connection, "UPDATE table_blocker SET expires_at = ? WHERE blocker_id = ?", expiresAt, blockerId);
      return OptionalLong.of(expiresAt);
    });
  }

  public boolean delete(TableName table, String blockerId) {
    return database.inTransaction(connection -> Rows.update(connection, "DELETE FROM table_blocker WHERE blocker_id = ? "
        + "AND catalog_name = ? AND database_name = ? AND table_name = ?",
        blockerId, table.catalog(), table.database(), table.table()) == 1);
  }

  public int deleteExpired(long now) {
    return database.inTransaction(connection ->
        Rows.update(connection, "DELETE FROM table_blocker WHERE expires_at <= ?", now));
  }

  private static BlockerRecord map(ResultSet row) throws SQLException {
    return new BlockerRecord(
        row.getString("blocker_id"),
        new TableName(row.getString("catalog_name"), row.getString("database_name"), row.getString("table_name")),
        Arrays.asList(row.getString("operations").split(",")),
        row.getLong("created_at"),
        row.getLong("expires_at"),
        row.getLong("ttl_ms"),
        Rows.fromJson(row.getString("properties")));
  }
}
