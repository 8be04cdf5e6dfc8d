package io.lakeward.terminal.backend;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one statement returned: its column names and the rows fetched (values are strings, numbers,
 * booleans or null), and whether the result held more rows than were fetched.
 */
public record StatementResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
  public StatementResult {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(rows, "rows is null");
    // Rows hold SQL NULLs, which List.copyOf refuses.
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(requireNonNull(row, "row is null"))));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** The result of a statement that returns no rows. */
  public static StatementResult empty() {
    return new StatementResult(List.of(), List.of(), false);
  }
}
