package io.lakeward.terminal.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * The JLine parser of the interactive prompt: Enter on an unfinished statement continues it on a new line (JLine
 * shows the secondary prompt), so a multi-line statement is edited, recalled and stored in the history as one
 * entry. A statement is finished at a semicolon ({@link StatementScanner}); shell commands and blank input need none.
 * The line is not split into words: no completion is offered, and nothing in the SQL is unescaped.
 */
final class SqlLineParser implements Parser {
  /** Commands of the interactive shell, accepted with or without a trailing semicolon. */
  static final Set<String> COMMANDS = Set.of("quit", "exit", "help", "examples");

  @Override
  public ParsedLine parse(String line, int cursor, ParseContext context) {
    if (context == ParseContext.ACCEPT_LINE && StatementScanner.hasSql(line) && command(line) == null
        && !StatementScanner.isComplete(line)) {
      throw new EOFError(-1, cursor, "statement not terminated by ;");
    }
    return new WholeLine(line, cursor);
  }

  /** The shell command the input is, in lower case, or null when it is SQL. */
  static String command(String input) {
    String word = input.strip();
    if (word.endsWith(";")) {
      word = word.substring(0, word.length() - 1).strip();
    }
    word = word.toLowerCase(Locale.ROOT);
    return COMMANDS.contains(word) ? word : null;
  }

  /** The whole input as one word (a CompletingParsedLine, else JLine warns on stderr that completion suffers). */
  private record WholeLine(String line, int cursor) implements CompletingParsedLine {
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return cursor;
    }

    @Override
    public int rawWordLength() {
      return line.length();
    }

    @Override
    public String word() {
      return line;
    }

    @Override
    public int wordCursor() {
      return cursor;
    }

    @Override
    public int wordIndex() {
      return 0;
    }

    @Override
    public List<String> words() {
      return List.of(line);
    }
  }
}
