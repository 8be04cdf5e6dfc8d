package io.lakeward.terminal.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatementSplitterTest {

  static Stream<Arguments> scripts() {
    return Stream.of(
        // name, script, expected statements
        Arguments.of("one statement, no semicolon", "SELECT 1", List.of("SELECT 1")),
        Arguments.of("one statement with semicolon", "SELECT 1;", List.of("SELECT 1")),
        Arguments.of("several on one line", "SELECT 1; SELECT 2;SELECT 3", List.of("SELECT 1", "SELECT 2", "SELECT 3")),
        Arguments.of("several lines", "CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1);\n\nSELECT * FROM t;\n",
            List.of("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)", "SELECT * FROM t")),
        Arguments.of("empty statements dropped", ";;SELECT 1;; ;\n;", List.of("SELECT 1")),
        Arguments.of("blank script", "  \n\t ", List.of()),
        Arguments.of("empty script", "", List.of()),
        Arguments.of("semicolon in single quotes", "SELECT 'a;b'; SELECT 2", List.of("SELECT 'a;b'", "SELECT 2")),
        Arguments.of("semicolon in double quotes", "SELECT \"a;b\"; SELECT 2", List.of("SELECT \"a;b\"", "SELECT 2")),
        Arguments.of("semicolon in backticks", "SELECT `a;b` FROM t; SELECT 2", List.of("SELECT `a;b` FROM t", "SELECT 2")),
        Arguments.of("doubled single quote", "SELECT 'it''s; fine'; SELECT 2", List.of("SELECT 'it''s; fine'", "SELECT 2")),
        Arguments.of("backslash-escaped single quote", "SELECT 'it\\'s; fine'; SELECT 2",
            List.of("SELECT 'it\\'s; fine'", "SELECT 2")),
        Arguments.of("backslash-escaped double quote", "SELECT \"say \\\"hi;\\\"\"; SELECT 2",
            List.of("SELECT \"say \\\"hi;\\\"\"", "SELECT 2")),
        Arguments.of("escaped backslash before closing quote", "SELECT 'a\\\\'; SELECT 2", List.of("SELECT 'a\\\\'", "SELECT 2")),
        Arguments.of("doubled backtick", "SELECT `a``;b` FROM t; SELECT 2", List.of("SELECT `a``;b` FROM t", "SELECT 2")),
        Arguments.of("backslash is no escape in backticks", "SELECT `a\\`; SELECT 2", List.of("SELECT `a\\`", "SELECT 2")),
        Arguments.of("other quotes inside a literal", "SELECT '\"`;'; SELECT 2", List.of("SELECT '\"`;'", "SELECT 2")),
        Arguments.of("line comment with semicolon", "SELECT 1 -- one; two\n; SELECT 2",
            List.of("SELECT 1 -- one; two", "SELECT 2")),
        Arguments.of("leading line comment dropped", "-- the first; query\nSELECT 1; -- trailing; comment",
            List.of("SELECT 1")),
        Arguments.of("comment-only statements dropped", "-- nothing here;\n/* nor; here */;\nSELECT 1",
            List.of("SELECT 1")),
        Arguments.of("block comment with semicolon", "SELECT /* a; b */ 1; SELECT 2", List.of("SELECT /* a; b */ 1", "SELECT 2")),
        Arguments.of("multi-line block comment", "/* header;\n line two; */\nSELECT 1;\nSELECT 2",
            List.of("SELECT 1", "SELECT 2")),
        Arguments.of("nested block comments", "SELECT 1 /* outer /* inner; */ still; */; SELECT 2",
            List.of("SELECT 1 /* outer /* inner; */ still; */", "SELECT 2")),
        Arguments.of("hint", "SELECT /*+ REPARTITION(2) */ * FROM t; SELECT 2",
            List.of("SELECT /*+ REPARTITION(2) */ * FROM t", "SELECT 2")),
        Arguments.of("comment markers inside a literal", "SELECT '--;', '/*;*/'; SELECT 2",
            List.of("SELECT '--;', '/*;*/'", "SELECT 2")),
        Arguments.of("quote inside a comment", "SELECT 1 -- it's; here\n; SELECT 2 /* don't; */",
            List.of("SELECT 1 -- it's; here", "SELECT 2 /* don't; */")),
        Arguments.of("minus and division are not comments", "SELECT 4 - -1, 6 / 2; SELECT 2",
            List.of("SELECT 4 - -1, 6 / 2", "SELECT 2")),
        Arguments.of("CRLF line endings", "SELECT 1 -- c;\r\n;\r\nSELECT 2;\r\n", List.of("SELECT 1 -- c;", "SELECT 2")),
        Arguments.of("unicode", "SELECT '日本語;テキスト', 'emoji 🙂;' AS `列;名`; SELECT 'ü'",
            List.of("SELECT '日本語;テキスト', 'emoji 🙂;' AS `列;名`", "SELECT 'ü'")),
        Arguments.of("unterminated literal runs to the end", "SELECT 1; SELECT 'oops; SELECT 3",
            List.of("SELECT 1", "SELECT 'oops; SELECT 3")),
        Arguments.of("unterminated block comment", "SELECT 1; /* never closed; SELECT 2", List.of("SELECT 1")),
        Arguments.of("statement spanning lines", "SELECT id,\n  name\nFROM t\nWHERE name = 'x;y'\n;",
            List.of("SELECT id,\n  name\nFROM t\nWHERE name = 'x;y'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void splits(String name, String script, List<String> expected) {
    assertThat(StatementSplitter.split(script)).containsExactlyElementsOf(expected);
  }
}
