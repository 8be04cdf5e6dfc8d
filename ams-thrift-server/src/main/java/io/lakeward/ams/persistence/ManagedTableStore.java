package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.TableName;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Rows of managed_table (what the AMS manages, per catalog) and catalog_scan (how the last scan went). */
public final class ManagedTableStore {
  private final AmsDatabase database;

  public ManagedTableStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  /** Result of syncing one catalog: tables that appeared and disappeared. */
  public record SyncResult(int added, int removed) {}

  /**
   * Makes the managed tables of a catalog exactly {@code found}, in one transaction, and records a
   * successful scan.
   */
  public SyncResult sync(String catalog, Set<TableName> found, long now) {
    return database.inTransaction(connection -> {
      Set<TableName> known = new HashSet<>(Rows.query(connection,
          "SELECT catalog_name, database_name, table_name FROM managed_table WHERE catalog_name = ?",
          row -> new TableName(row.getString(1), row.getString(2), row.getString(3)), catalog));
      int added = 0;
      int removed = 0;
      for (TableName table : found) {
        if (!known.contains(table)) {
          Rows.update(connection, "INSERT INTO managed_table (catalog_name, database_name, table_name, discovered_at) "
              + "VALUES (?, ?, ?, ?)", table.catalog(), table.database(), table.table(), now);
          added++;
        }
      }
      for (TableName table : known) {
        if (!found.contains(table)) {
          Rows.update(connection, "DELETE FROM managed_table WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
              table.catalog(), table.database(), table.table());
          removed++;
        }
      }
      recordScan(connection, catalog, now, now, null, found.size());
      return new SyncResult(added, removed);
    });
  }

  /** Records a failed scan; the managed tables stay as they were. */
  public void recordFailure(String catalog, long now, String error) {
    database.inTransaction(connection -> {
      long count = Rows.count(connection, "SELECT COUNT(*) FROM managed_table WHERE catalog_name = ?", catalog);
      Long lastSuccess = Rows.query(connection, "SELECT last_success_at FROM catalog_scan WHERE catalog_name = ?",
          row -> (Long) row.getObject(1), catalog).stream().findFirst().orElse(null);
      recordScan(connection, catalog, now, lastSuccess, error, (int) count);
      return null;
    });
  }

  public List<TableName> listAll() {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT catalog_name, database_name, table_name FROM managed_table ORDER BY catalog_name, database_name, table_name",
        row -> new TableName(row.getString(1), row.getString(2), row.getString(3))));
  }

  /** State of the last scan of a catalog. */
  public record ScanState(long lastScanAt, Long lastSuccessAt, String lastError, int tableCount) {}

  public Optional<ScanState> scanState(String catalog) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT last_scan_at, last_success_at, last_error, table_count FROM catalog_scan WHERE catalog_name = ?",
        row -> new ScanState(row.getLong(1), (Long) row.getObject(2), row.getString(3), row.getInt(4)), catalog))
        .stream().findFirst();
  }

  private static void recordScan(java.sql.Connection connection, String catalog, long scanAt, Long successAt,
      String error, int count) throws java.sql.SQLException {
    String truncated = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
    int updated = Rows.update(connection, "UPDATE catalog_scan SET last_scan_at = ?, last_success_at = ?, last_error = ?, "
        + "table_count = ? WHERE catalog_name = ?", scanAt, successAt, truncated, count, catalog);
    if (updated == 0) {
      Rows.update(connection, "INSERT INTO catalog_scan (catalog_name, last_scan_at, last_success_at, last_error, table_count) "
          + "VALUES (?, ?, ?, ?, ?)", catalog, scanAt, successAt, truncated, count);
    }
  }
}
