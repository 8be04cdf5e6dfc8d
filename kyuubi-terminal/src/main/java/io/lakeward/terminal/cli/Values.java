package io.lakeward.terminal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jline.utils.WCWidth;

/** Cell values as text: what a table shows, what CSV writes, and how wide text is on a terminal. */
final class Values {
  static final String NULL_IN_TABLE = "NULL";

  private Values() {}

  /** True for SQL NULL: a JSON null, or a cell the AMS left out. */
  static boolean isNull(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  /** The cell of a row at a column, tolerating rows shorter than the header. */
  static JsonNode cell(List<JsonNode> row, int column) {
    return row != null && column < row.size() ? row.get(column) : null;
  }

  /**
   * The text of a non-null value: strings as they are, numbers and booleans as JSON writes them, nested values
   * (arrays, maps, structs) as compact JSON.
   */
  static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /**
   * The text of a value in a table cell: NULL for SQL NULL, and control characters escaped ({@code \n}, {@code \t},
   * {@code \r}, else {@code \\uXXXX}) so one row stays on one line and the columns stay aligned.
   */
  static String tableText(JsonNode value) {
    if (isNull(value)) {
      return NULL_IN_TABLE;
    }
    String text = text(value);
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = switch (c) {
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : null;
      };
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (escaped != null) {
        escaped.append(replacement != null ? replacement : String.valueOf(c));
      }
    }
    return escaped == null ? text : escaped.toString();
  }

  /**
   * The number of terminal columns text takes: East Asian wide and fullwidth characters (CJK, Hangul, most emoji)
   * take two, combining marks and zero-width characters none. Assumes control characters were escaped.
   */
  static int displayWidth(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      width += Math.max(0, WCWidth.wcwidth(codePoint));
      i += Character.charCount(codePoint);
    }
    return width;
  }
}
