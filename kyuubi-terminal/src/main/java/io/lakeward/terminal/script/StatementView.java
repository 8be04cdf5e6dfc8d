package io.lakeward.terminal.script;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One statement of an execution as it stands: its 1-based position in the script, its text, status,
 * time taken so far (0 while pending), the rows fetched (at most the result limit; truncated when the
 * result had more), and the engine's error when it failed.
 */
public record StatementView(
    int index,
    String sql,
    StatementStatus status,
    long durationMillis,
    int rowCount,
    boolean truncated,
    List<String> columns,
    List<List<Object>> rows,
    String error) {

  public StatementView {
    requireNonNull(sql, "sql is null");
    requireNonNull(status, "status is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(rows, "rows is null");
  }
}
