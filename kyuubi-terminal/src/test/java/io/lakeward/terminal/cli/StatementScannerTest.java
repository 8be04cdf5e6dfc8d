package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jline.reader.EOFError;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StatementScannerTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      select 1                                | false | true
      select 1;                               | true  | true
      ~select 1;   ~                          | true  | true
      select 1; -- done                       | true  | true
      select 1 -- ;                           | false | true
      select ';'                              | false | true
      select ';';                             | true  | true
      select 'it''s;'                         | false | true
      select 'it''s;';                        | true  | true
      select 'a\\';'                          | false | true
      select 'a\\';';                         | true  | true
      select "x;"                             | false | true
      select `a;b` from t;                    | true  | true
      select `a``;b` from t                   | false | true
      /* ; */ select 1                        | false | true
      select 1 /* ; */;                       | true  | true
      select 1; /* still open                 | false | true
      /* a /* nested ; */ still ; */ select 1; | true | true
      /* a /* nested */ ; */                  | false | false
      ;                                       | false | false
      ;;                                      | false | false
      -- only a comment;                      | false | false
      select 1;\\nselect 2                    | false | true
      select 1;\\nselect 2;\\n                | true  | true
      select '東京;';                          | true  | true
      select 1 --;\\n;                        | true  | true
      """)
  void findsTheEndOfWhatWasTyped(String text, boolean complete, boolean hasSql) {
    String input = text.replace("\\n", "\n");
    assertThat(StatementScanner.isComplete(input)).as("complete: %s", input).isEqualTo(complete);
    assertThat(StatementScanner.hasSql(input)).as("has SQL: %s", input).isEqualTo(hasSql);
  }

  @Test
  void theEmptyTextIsNeitherCompleteNorSql() {
    assertThat(StatementScanner.isComplete("")).isFalse();
    assertThat(StatementScanner.hasSql(" \n\t")).isFalse();
  }

  @Test
  void thePromptContinuesUnfinishedStatementsButNotCommandsOrBlankLines() {
    SqlLineParser parser = new SqlLineParser();
    assertThatThrownBy(() -> parser.parse("select 1", 8, ParseContext.ACCEPT_LINE)).isInstanceOf(EOFError.class);
    assertThatThrownBy(() -> parser.parse("select ';'", 10, ParseContext.ACCEPT_LINE)).isInstanceOf(EOFError.class);
    assertThat(parser.parse("select 1;", 9, ParseContext.ACCEPT_LINE).line()).isEqualTo("select 1;");
    assertThat(parser.parse("select 1", 8, ParseContext.COMPLETE).words()).containsExactly("select 1");
    assertThat(parser.parse("", 0, ParseContext.ACCEPT_LINE).line()).isEmpty();
    assertThat(parser.parse("-- note", 7, ParseContext.ACCEPT_LINE).line()).isEqualTo("-- note");
    for (String command : new String[] {"quit", "EXIT;", " help ", "examples ;"}) {
      assertThat(parser.parse(command, 0, ParseContext.ACCEPT_LINE).line()).isEqualTo(command);
    }
    assertThat(SqlLineParser.command("Quit;")).isEqualTo("quit");
    assertThat(SqlLineParser.command("quit now")).isNull();
  }
}
