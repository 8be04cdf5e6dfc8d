package io.lakeward.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A result set as an aligned text table with a header, in the style of the MySQL and Spark SQL shells:
 *
 * <pre>
 * +----+-------+
 * | id | name  |
 * +----+-------+
 * |  1 | 東京  |
 * |  2 | NULL  |
 * +----+-------+
 * </pre>
 *
 * Widths count terminal columns, not chars, so wide characters line up. Columns whose values are all numbers are
 * right-aligned. The row-count line is the caller's.
 */
final class TableFormatter {
  private TableFormatter() {}

  static String format(List<String> columns, List<List<JsonNode>> rows) {
    int count = columns.size();
    List<String[]> cells = new ArrayList<>(rows.size());
    int[] widths = new int[count];
    boolean[] numeric = new boolean[count];
    for (int c = 0; c < count; c++) {
      widths[c] = Values.displayWidth(Values.tableText(textNode(columns.get(c))));
      numeric[c] = true;
    }
    for (List<JsonNode> row : rows) {
      String[] texts = new String[count];
      for (int c = 0; c < count; c++) {
        JsonNode value = Values.cell(row, c);
        texts[c] = Values.tableText(value);
        widths[c] = Math.max(widths[c], Values.displayWidth(texts[c]));
        numeric[c] &= Values.isNull(value) || value.isNumber();
      }
      cells.add(texts);
    }
    StringBuilder table = new StringBuilder();
    String border = border(widths);
    table.append(border);
    String[] header = new String[count];
    for (int c = 0; c < count; c++) {
      header[c] = Values.tableText(textNode(columns.get(c)));
    }
    appendRow(table, header, widths, new boolean[count]);
    table.append(border);
    for (String[] row : cells) {
      appendRow(table, row, widths, numeric);
    }
    if (!cells.isEmpty()) {
      table.append(border);
    }
    return table.toString();
  }

  private static JsonNode textNode(String text) {
    return TextNode.valueOf(text == null ? "" : text);
  }

  private static String border(int[] widths) {
    StringBuilder line = new StringBuilder("+");
    for (int width : widths) {
      line.append("-".repeat(width + 2)).append('+');
    }
    return line.append('\n').toString();
  }

  private static void appendRow(StringBuilder table, String[] texts, int[] widths, boolean[] rightAligned) {
    table.append('|');
    for (int c = 0; c < texts.length; c++) {
      String padding = " ".repeat(widths[c] - Values.displayWidth(texts[c]));
      table.append(' ');
      if (rightAligned[c]) {
        table.append(padding).append(texts[c]);
      } else {
        table.append(texts[c]).append(padding);
      }
      table.append(" |");
    }
    table.append('\n');
  }
}
