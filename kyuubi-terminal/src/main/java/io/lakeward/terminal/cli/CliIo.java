package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Everything the client takes from its process: environment, standard streams, which of them are terminals, the
 * password prompt, the interactive terminal and the history file. {@link #system()} is the real process; tests build
 * their own so they run in-process with captured output.
 *
 * @param env the environment variables
 * @param tty which standard streams are terminals
 * @param passwordPrompt reads a password without echo, or returns null when it cannot
 * @param terminals opens the interactive terminal
 * @param historyFile where the interactive history is kept
 * @param signalHooks whether Ctrl-C in batch mode may cancel the execution from a JVM shutdown hook
 */
record CliIo(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Tty tty,
    PasswordPrompt passwordPrompt, TerminalFactory terminals, Path historyFile, boolean signalHooks) {

  /** Which standard streams are terminals (stdin decides between interactive and piped input). */
  record Tty(boolean stdin, boolean stdout, boolean stderr) {}

  /** Reads a password without echoing it; null when there is no terminal to ask on. */
  @FunctionalInterface
  interface PasswordPrompt {
    String read(String prompt);
  }

  /** Opens the terminal of the interactive mode. */
  @FunctionalInterface
  interface TerminalFactory {
    Terminal open() throws IOException;
  }

  CliIo {
    env = Map.copyOf(requireNonNull(env, "env is null"));
    requireNonNull(in, "in is null");
    requireNonNull(out, "out is null");
    requireNonNull(err, "err is null");
    requireNonNull(tty, "tty is null");
    requireNonNull(passwordPrompt, "passwordPrompt is null");
    requireNonNull(terminals, "terminals is null");
    requireNonNull(historyFile, "historyFile is null");
  }

  /**
   * The real process. Java cannot tell which single stream is a terminal, so sbin/lakeward-sql.sh passes what
   * {@code test -t} says as the system properties {@code lakeward.sql.stdin-tty}, {@code .stdout-tty} and
   * {@code .stderr-tty}; without them, all three follow {@link System#console()}. The history file is
   * {@code $LAKEWARD_SQL_HISTORY}, else {@code ~/.lakeward_sql_history}.
   */
  static CliIo system() {
    boolean console = System.console() != null;
    Tty tty = new Tty(flag("lakeward.sql.stdin-tty", console), flag("lakeward.sql.stdout-tty", console),
        flag("lakeward.sql.stderr-tty", console));
    Map<String, String> env = System.getenv();
    Path history = env.containsKey("LAKEWARD_SQL_HISTORY") ? Paths.get(env.get("LAKEWARD_SQL_HISTORY"))
        : Paths.get(System.getProperty("user.home"), ".lakeward_sql_history");
    // Results are written as UTF-8 whatever the platform charset, as the AMS sends them.
    return new CliIo(env, System.in, new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8), tty, CliIo::readPasswordFromConsole,
        () -> TerminalBuilder.builder().system(true).name("lakeward-sql").build(), history, true);
  }

  private static String readPasswordFromConsole(String prompt) {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    char[] password = console.readPassword("%s", prompt);
    return password == null ? null : new String(password);
  }

  private static boolean flag(String property, boolean fallback) {
    String value = System.getProperty(property);
    return value == null ? fallback : Boolean.parseBoolean(value);
  }
}
