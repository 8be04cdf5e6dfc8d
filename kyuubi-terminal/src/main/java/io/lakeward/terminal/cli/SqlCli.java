package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lakeward-sql}: runs SQL against an AMS catalog through the AMS terminal REST API, from {@code -e}, a file,
 * piped stdin or an interactive prompt. Exit statuses are {@link ExitCodes}; results go to stdout, everything else
 * (errors, progress, server logs) to stderr. The password comes from the environment or a prompt without echo,
 * never from the command line, and is never printed.
 */
@Command(name = "lakeward-sql", sortOptions = false, usageHelpAutoWidth = true,
    description = "Runs SQL on a Lakeward AMS catalog through the AMS terminal. Without -e or -f it reads a script "
        + "from stdin, or opens an interactive prompt when stdin is a terminal.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:every statement succeeded", "1:a statement failed or was canceled, or the AMS rejected the script",
        "2:invalid arguments", "3:the AMS is unreachable or refused the credentials"},
    footerHeading = "%nEnvironment:%n",
    footer = {"  LAKEWARD_AMS_URL      default of --url", "  LAKEWARD_USER         default of --user",
        "  LAKEWARD_PASSWORD     the password (unless --password-env names another variable)",
        "  LAKEWARD_SQL_HISTORY  the interactive history (default ~/.lakeward_sql_history)"})
public final class SqlCli implements Callable<Integer> {
  static final String DEFAULT_URL = "http://127.0.0.1:1630";
  static final String DEFAULT_USER = "admin";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final CliIo io;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  @Option(names = "--url", paramLabel = "URL",
      description = "The AMS REST endpoint (default: $LAKEWARD_AMS_URL, else " + DEFAULT_URL + ").")
  private String url;

  @Option(names = {"-c", "--catalog"}, required = true, paramLabel = "CATALOG", description = "The AMS catalog to run in.")
  private String catalog;

  @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Runs these statements (separated by ;) and exits.")
  private String execute;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Runs the script in FILE (UTF-8; - for stdin) and exits.")
  private String file;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table (aligned, default), csv (RFC 4180) or json (one document per run).")
  private OutputFormat output;

  @Option(names = {"-u", "--user"}, paramLabel = "USER",
      description = "The AMS admin user (default: $LAKEWARD_USER, else " + DEFAULT_USER + ").")
  private String user;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "The environment variable holding the password (default LAKEWARD_PASSWORD). Without one, "
          + "the password is asked for on a terminal.")
  private String passwordEnv;

  @Option(names = {"-v", "--verbose"}, description = "Prints the AMS's execution log lines on stderr.")
  private boolean verbose;

  SqlCli(CliIo io) {
    this.io = requireNonNull(io, "io is null");
  }

  public static void main(String[] args) {
    System.exit(execute(CliIo.system(), args));
  }

  /** Runs the client with the given process and arguments; returns the exit status. */
  static int execute(CliIo io, String... args) {
    CommandLine commandLine = new CommandLine(new SqlCli(io)).setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
    // A bad argument: the problem and the synopsis, not the whole help.
    commandLine.setParameterExceptionHandler((e, arguments) -> {
      io.err().println(e.getMessage());
      io.err().print("Usage: " + e.getCommandLine().getHelp().synopsis("Usage: ".length()));
      io.err().println("Run with --help for all options.");
      return ExitCodes.USAGE;
    });
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliFailure failure) {
        io.err().println("ERROR: " + failure.getMessage());
        return failure.exitCode();
      }
      throw e;
    });
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    if (execute != null && file != null) {
      throw usage("Invalid arguments: -e and -f cannot be used together");
    }
    if (catalog.isBlank()) {
      throw usage("Invalid catalog: it is empty");
    }
    URI amsUrl = amsUrl();
    String script = script();
    Credentials credentials = credentials();
    TerminalClient client = new TerminalClient(amsUrl, credentials, REQUEST_TIMEOUT);
    ResultPrinter printer = new ResultPrinter(output, io.out(), io.err(), verbose);
    ProgressIndicator progress = new ProgressIndicator(io.err(), io.tty().stderr(), System::nanoTime);
    try (RemoteSession session = new RemoteSession(client, catalog, credentials.user(), io.err())) {
      if (script == null) {
        return interactive(client, session, printer, progress);
      }
      return batch(script, session, printer, progress);
    }
  }

  private int batch(String script, RemoteSession session, ResultPrinter printer, ProgressIndicator progress) {
    // Ctrl-C ends the JVM in batch mode; the hook cancels the statement on the AMS and closes the session first.
    Thread hook = new Thread(session::abandon, "lakeward-sql-cancel");
    if (io.signalHooks()) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      AmsExecution execution = session.run(script, printer, progress);
      return execution.succeeded() ? ExitCodes.OK : ExitCodes.STATEMENT_FAILED;
    } finally {
      if (io.signalHooks()) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // Shutting down already: the hook runs.
        }
      }
    }
  }

  private int interactive(TerminalClient client, RemoteSession session, ResultPrinter printer, ProgressIndicator progress) {
    // Fail fast (exit 3) when the AMS is not there, rather than at the first statement.
    client.examples(catalog);
    try (Terminal terminal = io.terminals().open()) {
      io.out().println("Connected to the AMS at " + client.amsUrl() + ", catalog " + catalog
          + ". Statements end with ';'; 'help' for help, Ctrl-D or 'quit' to leave.");
      return new InteractiveShell(terminal, client, session, printer, progress, io.out(), io.err(), io.historyFile(), catalog)
          .run();
    } catch (IOException e) {
      throw CliFailure.unavailable("Cannot open the terminal for interactive mode: " + e.getMessage(), e);
    }
  }

  /** The script of a batch run, or null for interactive mode. */
  private String script() {
    String script;
    if (execute != null) {
      script = execute;
    } else if (file != null) {
      script = file.equals("-") ? readStdin() : readFile(Path.of(file));
    } else if (!io.tty().stdin()) {
      script = readStdin();
    } else {
      return null;
    }
    if (!StatementScanner.hasSql(script)) {
      throw usage("Invalid script: it holds no SQL statement");
    }
    return script;
  }

  private String readFile(Path path) {
    try {
      return stripBom(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw usage("Cannot read the script file " + path + ": " + describe(e));
    }
  }

  private String readStdin() {
    try {
      return stripBom(new String(io.in().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw usage("Cannot read the script from stdin: " + describe(e));
    }
  }

  private URI amsUrl() {
    String value = url != null ? url : io.env().getOrDefault("LAKEWARD_AMS_URL", DEFAULT_URL);
    String withScheme = value.contains("://") ? value : "http://" + value;
    try {
      URI uri = new URI(withScheme);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw usage("Invalid --url " + value + ": expected http://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw usage("Invalid --url " + value + ": " + e.getReason());
    }
  }

  private Credentials credentials() {
    String name = user != null ? user : io.env().getOrDefault("LAKEWARD_USER", DEFAULT_USER);
    if (name.isBlank()) {
      throw usage("Invalid user: it is empty");
    }
    String variable = passwordEnv != null ? passwordEnv : "LAKEWARD_PASSWORD";
    String password = io.env().get(variable);
    if (password == null && passwordEnv != null) {
      throw usage("Invalid --password-env " + passwordEnv + ": no such environment variable");
    }
    if (password == null && io.tty().stdin() && io.tty().stdout()) {
      password = io.passwordPrompt().read("Password for " + name + ": ");
    }
    return new Credentials(name, password);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String describe(IOException e) {
    return e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
  }
}
