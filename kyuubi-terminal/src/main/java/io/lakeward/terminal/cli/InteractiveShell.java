package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;

/**
 * The interactive prompt: JLine line editing and a history file, statements over several lines until a semicolon,
 * each submitted to the same AMS session. Ctrl-C while a statement runs cancels it on the AMS and returns to the
 * prompt; Ctrl-C at the prompt discards the typed text; Ctrl-D, {@code quit} or {@code exit} leave. Errors (a failed
 * statement, the AMS unreachable for a moment) are printed and the prompt comes back.
 */
final class InteractiveShell {
  private static final String HELP = """
      Type SQL statements ending with ';' (they may span lines). Ctrl-C cancels a running statement,
      Ctrl-D or quit/exit leaves, 'examples' lists example statements from the AMS.""";

  private final Terminal terminal;
  private final TerminalClient client;
  private final RemoteSession session;
  private final ResultPrinter printer;
  private final ProgressIndicator progress;
  private final PrintStream out;
  private final PrintStream err;
  private final Path historyFile;
  private final String catalog;

  InteractiveShell(Terminal terminal, TerminalClient client, RemoteSession session, ResultPrinter printer,
      ProgressIndicator progress, PrintStream out, PrintStream err, Path historyFile, String catalog) {
    this.terminal = requireNonNull(terminal, "terminal is null");
    this.client = requireNonNull(client, "client is null");
    this.session = requireNonNull(session, "session is null");
    this.printer = requireNonNull(printer, "printer is null");
    this.progress = requireNonNull(progress, "progress is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
    this.historyFile = requireNonNull(historyFile, "historyFile is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Runs the prompt until the user leaves; returns the exit status (always {@link ExitCodes#OK}). */
  int run() {
    LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("lakeward-sql")
        .parser(new SqlLineParser())
        .variable(LineReader.HISTORY_FILE, historyFile)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P -> ")
        // '!' is SQL (!=, NOT), not a history reference; Tab indents.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.INSERT_TAB, true)
        .build();
    // Between prompts, Ctrl-C reaches this handler (JLine installs its own while reading a line).
    SignalHandler previous = terminal.handle(Signal.INT, signal -> session.cancel());
    String prompt = "lakeward:" + catalog + "> ";
    try {
      while (true) {
        String input;
        try {
          input = reader.readLine(prompt);
        } catch (UserInterruptException e) {
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        if (!handle(input)) {
          break;
        }
      }
    } finally {
      terminal.handle(Signal.INT, previous);
      saveHistory(reader);
    }
    return ExitCodes.OK;
  }

  /** Handles one accepted input; false to leave. */
  private boolean handle(String input) {
    String command = SqlLineParser.command(input);
    if (command != null) {
      switch (command) {
        case "quit", "exit" -> {
          return false;
        }
        case "help" -> out.println(HELP);
        case "examples" -> guarded(this::printExamples);
        default -> throw new IllegalStateException("Unknown command " + command);
      }
      return true;
    }
    if (StatementScanner.hasSql(input)) {
      guarded(() -> session.run(input, printer, progress));
    }
    return true;
  }

  private void printExamples() {
    JsonNode examples = client.examples(catalog);
    for (JsonNode example : examples.isArray() ? examples : List.of(examples)) {
      if (example.isObject()) {
        JsonNode name = example.has("name") ? example.get("name") : example.get("title");
        JsonNode sql = example.has("sql") ? example.get("sql") : example.get("script");
        out.println("-- " + (name == null ? "example" : name.asText()));
        out.println(sql == null ? example.toString() : sql.asText());
      } else {
        out.println(example.isTextual() ? example.asText() : example.toString());
      }
      out.println();
    }
  }

  private void guarded(Runnable action) {
    try {
      action.run();
    } catch (CliFailure e) {
      err.println("ERROR: " + e.getMessage());
    }
    out.flush();
    err.flush();
  }

  private void saveHistory(LineReader reader) {
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      err.println("Warning: could not save the history to " + historyFile + ": " + e.getMessage());
    }
  }
}
