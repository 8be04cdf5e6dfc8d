package io.lakeward.terminal.cli;

import static io.lakeward.terminal.cli.TableFormatterTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvFormatterTest {
  @Test
  void quotesExactlyWhatRfc4180RequiresAndTellsEmptyFromNull() throws Exception {
    String csv = CsvFormatter.format(List.of("id", "text", "value"), rows("""
        [[1, "plain", 1.5],
         [2, "a,b", null],
         [3, "say \\"hi\\"", true],
         [4, "line1\\nline2", {"k": [1, 2]}],
         [5, "", "cr\\rhere"],
         [6, " spaced ", "東京"]]
        """));
    assertThat(csv).isEqualTo("""
        id,text,value
        1,plain,1.5
        2,"a,b",
        3,"say ""hi\""",true
        4,"line1
        line2","{""k"":[1,2]}"
        5,"","cr\rhere"
        6, spaced ,東京
        """);
  }

  @Test
  void headersAreQuotedLikeValues() throws Exception {
    assertThat(CsvFormatter.format(List.of("a,b", "c\"d", ""), rows("[[null, null, null]]"))).isEqualTo("""
        "a,b","c""d",""
        ,,
        """);
  }

  @Test
  void fieldQuoting() {
    assertThat(CsvFormatter.field("x")).isEqualTo("x");
    assertThat(CsvFormatter.field("")).isEqualTo("\"\"");
    assertThat(CsvFormatter.field("\"")).isEqualTo("\"\"\"\"");
    assertThat(CsvFormatter.field("a\r\nb")).isEqualTo("\"a\r\nb\"");
    assertThat(CsvFormatter.field("semi;colon")).isEqualTo("semi;colon");
  }
}
