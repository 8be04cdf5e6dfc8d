package io.lakeward.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One statement of an execution as the AMS reports it. Rows hold JSON values as the AMS sends them (a JSON null for
 * SQL NULL); {@code truncated} says the AMS stopped fetching at its result limit, so {@code rows} is a prefix.
 */
record AmsStatement(int index, String sql, Status status, Long durationMs, Long rowCount, boolean truncated,
    List<String> columns, List<List<JsonNode>> rows, String error) {

  /** The state of one statement. */
  enum Status {
    PENDING, RUNNING, SUCCESS, FAILED, CANCELED;

    boolean isTerminal() {
      return this == SUCCESS || this == FAILED || this == CANCELED;
    }
  }

  AmsStatement {
    columns = columns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(columns));
    // Copied without List.copyOf: a row may hold Java nulls when the AMS omits trailing cells.
    rows = rows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(rows));
  }

  /** True when the statement produced a result set (even an empty one), as queries do; DDL and DML do not. */
  boolean hasResultSet() {
    return !columns.isEmpty();
  }
}
