package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<List<JsonNode>> rows(String json) throws Exception {
    return JSON.readValue(json, new TypeReference<>() {});
  }

  @Test
  void alignsByDisplayWidthWithWideAndCombiningCharactersNullsAndRightAlignedNumbers() throws Exception {
    String table = TableFormatter.format(List.of("id", "city", "note"),
        rows("[[1, \"東京\", null], [22, \"Zürich\", \"a\\tb\"], [3, \"e\u0301\", \"\"], [null, \"서울😀\", \"x\\ny\"]]"));
    assertThat(table).isEqualTo("""
        +------+--------+------+
        | id   | city   | note |
        +------+--------+------+
        |    1 | 東京   | NULL |
        |   22 | Zürich | a\\tb |
        |    3 | e\u0301      |      |
        | NULL | 서울😀 | x\\ny |
        +------+--------+------+
        """);
  }

  @Test
  void wideHeadersAndNonNumericColumnsAreLeftAligned() throws Exception {
    String table = TableFormatter.format(List.of("名前", "n"), rows("[[\"a\", \"1\"], [\"bb\", 2.5]]"));
    assertThat(table).isEqualTo("""
        +------+-----+
        | 名前 | n   |
        +------+-----+
        | a    | 1   |
        | bb   | 2.5 |
        +------+-----+
        """);
  }

  @Test
  void anEmptyResultIsTheHeaderAlone() {
    assertThat(TableFormatter.format(List.of("a", "b"), List.of())).isEqualTo("""
        +---+---+
        | a | b |
        +---+---+
        """);
  }

  @Test
  void nestedValuesAreCompactJsonAndShortRowsArePaddedWithNull() throws Exception {
    String table = TableFormatter.format(List.of("m", "s"), rows("[[{\"k\": [1, 2]}], [true, \"x\"]]"));
    assertThat(table).isEqualTo("""
        +-------------+------+
        | m           | s    |
        +-------------+------+
        | {"k":[1,2]} | NULL |
        | true        | x    |
        +-------------+------+
        """);
  }

  @Test
  void displayWidthCountsTerminalColumns() {
    assertThat(Values.displayWidth("abc")).isEqualTo(3);
    assertThat(Values.displayWidth("東京")).isEqualTo(4);
    assertThat(Values.displayWidth("e\u0301")).isEqualTo(1);
    assertThat(Values.displayWidth("😀")).isEqualTo(2);
    assertThat(Values.displayWidth("ｱ")).as("halfwidth katakana").isEqualTo(1);
    assertThat(Values.displayWidth("a\u200bb")).as("zero width space").isEqualTo(2);
  }
}
