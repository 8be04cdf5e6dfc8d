package io.lakeward.terminal.script;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at the semicolons that end them. A semicolon inside a string
 * literal ('...' or "...", with a quote escaped by doubling it or by a backslash), a quoted identifier
 * (`...`, a backtick escaped by doubling it), a {@code --} line comment or a {@code /* *}{@code /}
 * block comment (nested, as Spark allows) does not split. Several statements on one line are split;
 * the last statement needs no semicolon. Statements with nothing but whitespace and comments are
 * dropped; each statement keeps its text without the comments and whitespace before it and the
 * whitespace after it. Only ASCII characters delimit anything, so any Unicode text passes through
 * unchanged.
 */
public final class StatementSplitter {
  private StatementSplitter() {}

  /** The statements of a script in order; empty when the script holds no statement. */
  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    int length = script.length();
    int start = 0;
    // Index of the first character of the current statement that is not whitespace or comment; -1 while none.
    int firstContent = -1;
    int i = 0;
    while (i < length) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        firstContent = firstContent < 0 ? i : firstContent;
        i = skipQuoted(script, i, c);
      } else if (c == '-' && next(script, i) == '-') {
        i = skipLineComment(script, i);
      } else if (c == '/' && next(script, i) == '*') {
        i = skipBlockComment(script, i);
      } else if (c == ';') {
        add(statements, script, firstContent, i);
        start = i + 1;
        firstContent = -1;
        i++;
      } else {
        if (firstContent < 0 && !Character.isWhitespace(c)) {
          firstContent = i;
        }
        i++;
      }
    }
    if (start < length) {
      add(statements, script, firstContent, length);
    }
    return statements;
  }

  private static void add(List<String> statements, String script, int firstContent, int end) {
    if (firstContent >= 0) {
      statements.add(script.substring(firstContent, end).stripTrailing());
    }
  }

  private static char next(String script, int i) {
    return i + 1 < script.length() ? script.charAt(i + 1) : '\0';
  }

  /** The index after the closing quote; the end of the script when the quote is never closed. */
  private static int skipQuoted(String script, int open, char quote) {
    boolean backslashEscapes = quote != '`';
    int i = open + 1;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        // A doubled quote is an escaped quote: stay inside the literal.
        if (next(script, i) != quote) {
          return i + 1;
        }
        i += 2;
      } else {
        i++;
      }
    }
    return script.length();
  }

  /** The index of the line end (which is not part of the comment); the end of the script when none. */
  private static int skipLineComment(String script, int start) {
    int i = start + 2;
    while (i < script.length() && script.charAt(i) != '\n' && script.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /** The index after the comment's closing delimiter, counting nested comments. */
  private static int skipBlockComment(String script, int start) {
    int depth = 1;
    int i = start + 2;
    while (i < script.length() && depth > 0) {
      char c = script.charAt(i);
      if (c == '/' && next(script, i) == '*') {
        depth++;
        i += 2;
      } else if (c == '*' && next(script, i) == '/') {
        depth--;
        i += 2;
      } else {
        i++;
      }
    }
    return i;
  }
}
