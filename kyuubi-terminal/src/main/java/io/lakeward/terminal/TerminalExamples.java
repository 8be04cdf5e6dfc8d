package io.lakeward.terminal;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Statements that show what the terminal can do on a catalog; each runs as is once the ones before it ran. */
public final class TerminalExamples {
  /** A named example statement. */
  public record Example(String name, String sql) {
    public Example {
      requireNonNull(name, "name is null");
      requireNonNull(sql, "sql is null");
    }
  }

  private TerminalExamples() {}

  /** The examples for a catalog; the session makes it current, so names need no catalog prefix. */
  public static List<Example> forCatalog(String catalog) {
    String where = catalog == null ? "the current catalog" : catalog;
    return List.of(
        new Example("List the databases of " + where, "SHOW NAMESPACES"),
        new Example("Create a database", "CREATE NAMESPACE IF NOT EXISTS sample_db"),
        new Example("Create a table", "CREATE TABLE IF NOT EXISTS sample_db.orders (id BIGINT, customer STRING, "
            + "amount DECIMAL(10, 2), ordered_at TIMESTAMP) USING iceberg PARTITIONED BY (days(ordered_at))"),
        new Example("Insert rows", "INSERT INTO sample_db.orders VALUES (1, 'alice', 12.50, TIMESTAMP '2024-01-01 10:00:00'), "
            + "(2, 'bob', 7.25, TIMESTAMP '2024-01-02 11:30:00')"),
        new Example("Query a table", "SELECT customer, sum(amount) AS total FROM sample_db.orders GROUP BY customer "
            + "ORDER BY total DESC"),
        new Example("Describe a table", "DESCRIBE TABLE EXTENDED sample_db.orders"),
        new Example("List the tables of a database", "SHOW TABLES IN sample_db"),
        new Example("Show a table's snapshots", "SELECT snapshot_id, committed_at, operation FROM "
            + "sample_db.orders.snapshots ORDER BY committed_at"),
        new Example("Show a table's data files", "SELECT file_path, record_count, file_size_in_bytes FROM "
            + "sample_db.orders.files"),
        new Example("Drop a table", "DROP TABLE IF EXISTS sample_db.orders"));
  }
}
