package io.lakeward.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A result set as CSV with RFC 4180 quoting: a header record, then one record per row. A field is quoted when it
 * holds a comma, a double quote (doubled inside), a CR or an LF, and an empty string is quoted ({@code ""}) so it
 * differs from SQL NULL, which is an empty unquoted field. Records end with LF.
 */
final class CsvFormatter {
  private CsvFormatter() {}

  static String format(List<String> columns, List<List<JsonNode>> rows) {
    StringBuilder csv = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      csv.append(c == 0 ? "" : ",").append(field(columns.get(c) == null ? "" : columns.get(c)));
    }
    csv.append('\n');
    for (List<JsonNode> row : rows) {
      for (int c = 0; c < columns.size(); c++) {
        JsonNode value = Values.cell(row, c);
        csv.append(c == 0 ? "" : ",").append(Values.isNull(value) ? "" : field(Values.text(value)));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** One non-null field, quoted when RFC 4180 requires it (and when empty, to tell it from NULL). */
  static String field(String value) {
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
