package io.lakeward.terminal.cli;

/**
 * Decides, for the interactive prompt, whether typed text is ready to send: it is when it holds SQL and ends with a
 * semicolon outside string literals ({@code '...'} and {@code "..."}, with backslash escapes and doubled quotes),
 * quoted identifiers ({@code `...`}) and comments ({@code --} to the end of the line, {@code /* *}{@code /}, nested as
 * Spark allows). Comments and whitespace may follow the last semicolon. The AMS splits the script into statements;
 * this only finds where the user stopped typing.
 */
final class StatementScanner {
  private enum State { CODE, SINGLE_QUOTED, DOUBLE_QUOTED, BACKQUOTED, LINE_COMMENT, BLOCK_COMMENT }

  private final boolean complete;
  private final boolean hasSql;

  private StatementScanner(boolean complete, boolean hasSql) {
    this.complete = complete;
    this.hasSql = hasSql;
  }

  /** True when text ends with a terminated statement (and holds SQL at all). */
  static boolean isComplete(String text) {
    return scan(text).complete;
  }

  /** True when text holds anything besides whitespace, comments and semicolons. */
  static boolean hasSql(String text) {
    return scan(text).hasSql;
  }

  private static StatementScanner scan(String text) {
    State state = State.CODE;
    int commentDepth = 0;
    boolean hasSql = false;
    boolean terminated = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
      switch (state) {
        case CODE -> {
          if (c == '-' && next == '-') {
            state = State.LINE_COMMENT;
            i++;
          } else if (c == '/' && next == '*') {
            state = State.BLOCK_COMMENT;
            commentDepth = 1;
            i++;
          } else if (c == ';') {
            terminated = true;
          } else if (!Character.isWhitespace(c)) {
            hasSql = true;
            terminated = false;
            state = c == '\'' ? State.SINGLE_QUOTED : c == '"' ? State.DOUBLE_QUOTED : c == '`' ? State.BACKQUOTED : state;
          }
        }
        case SINGLE_QUOTED, DOUBLE_QUOTED -> {
          char quote = state == State.SINGLE_QUOTED ? '\'' : '"';
          if (c == '\\') {
            i++;
          } else if (c == quote && next == quote) {
            i++;
          } else if (c == quote) {
            state = State.CODE;
          }
        }
        case BACKQUOTED -> {
          if (c == '`' && next == '`') {
            i++;
          } else if (c == '`') {
            state = State.CODE;
          }
        }
        case LINE_COMMENT -> {
          if (c == '\n' || c == '\r') {
            state = State.CODE;
          }
        }
        case BLOCK_COMMENT -> {
          if (c == '/' && next == '*') {
            commentDepth++;
            i++;
          } else if (c == '*' && next == '/') {
            i++;
            if (--commentDepth == 0) {
              state = State.CODE;
            }
          }
        }
        default -> throw new IllegalStateException("Unknown state " + state);
      }
    }
    boolean open = state != State.CODE && state != State.LINE_COMMENT;
    return new StatementScanner(hasSql && terminated && !open, hasSql);
  }
}
