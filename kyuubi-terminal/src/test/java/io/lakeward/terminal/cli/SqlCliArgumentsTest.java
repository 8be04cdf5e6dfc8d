package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments, credentials and the exit statuses that do not depend on what the statements do. */
class SqlCliArgumentsTest {
  private static FakeTerminalServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeTerminalServer("lake");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String url() {
    return server.url().toString();
  }

  @Test
  void helpExitsZeroAndDocumentsExitStatuses() {
    CliHarness.Result result = new CliHarness().run("--help").assertExit(0);
    assertThat(result.out()).contains("Usage: lakeward-sql", "--catalog=CATALOG", "--password-env=VAR", "Exit status:",
        "3   the AMS is unreachable or refused the credentials", "LAKEWARD_PASSWORD");
  }

  @Test
  void usageErrorsExitTwoWithOneClearLineAndTheSynopsisAndSendNothing() {
    int submissions = server.submissions.size();
    assertUsage(new CliHarness().run("-e", "select 1"), "Missing required option: '--catalog=CATALOG'");
    assertUsage(new CliHarness().run("-c", "lake", "-e", "select 1", "-f", "x.sql"),
        "Invalid arguments: -e and -f cannot be used together");
    assertUsage(new CliHarness().run("-c", "lake", "-e", "select 1", "--output", "xml"),
        "Invalid value for option '--output': expected one of [TABLE, CSV, JSON] (case-insensitive) but was 'xml'");
    assertUsage(new CliHarness().run("-c", "lake", "--bogus"), "Unknown option: '--bogus'");
    assertUsage(new CliHarness().run("-c", "lake", "-f", "does/not/exist.sql"),
        "Cannot read the script file does/not/exist.sql: no such file");
    assertUsage(new CliHarness().run("-c", "lake", "-e", " ; -- nothing here"), "Invalid script: it holds no SQL statement");
    assertUsage(new CliHarness().run("-c", " ", "-e", "select 1"), "Invalid catalog: it is empty");
    assertUsage(new CliHarness().run("-c", "lake", "-e", "select 1", "--url", "ftp://host:21"),
        "Invalid --url ftp://host:21: expected http://host:port");
    assertUsage(new CliHarness().run("-c", "lake", "-e", "select 1", "--url", url(), "--password-env", "NO_SUCH_VAR_XYZ"),
        "Invalid --password-env NO_SUCH_VAR_XYZ: no such environment variable");
    assertUsage(new CliHarness().stdin("").run("-c", "lake", "--url", url()), "Invalid script: it holds no SQL statement");
    assertThat(server.submissions).as("nothing reached the AMS").hasSize(submissions);
  }

  private static void assertUsage(CliHarness.Result result, String message) {
    result.assertExit(ExitCodes.USAGE);
    assertThat(result.err()).startsWith(message + "\n").contains("Usage: lakeward-sql", "Run with --help for all options.");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void anUnreachableAmsExitsThree() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliHarness.Result result = new CliHarness().run("-c", "lake", "-e", "select 1", "--url", "127.0.0.1:" + port)
        .assertExit(ExitCodes.AMS_UNAVAILABLE);
    assertThat(result.err()).isEqualTo("ERROR: Cannot reach the AMS at http://127.0.0.1:" + port + ": connection refused\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aServerThatIsNotTheAmsExitsThree() throws Exception {
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", exchange -> {
      byte[] page = "<html>not found</html>".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(404, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    other.start();
    try {
      String otherUrl = "http://127.0.0.1:" + other.getAddress().getPort();
      CliHarness.Result result = new CliHarness().run("-c", "lake", "-e", "select 1", "--url", otherUrl)
          .assertExit(ExitCodes.AMS_UNAVAILABLE);
      assertThat(result.err()).isEqualTo("ERROR: Unexpected answer from " + otherUrl
          + " to POST /api/ams/v1/terminal/executions: HTTP 404; is this the AMS REST port?\n");
    } finally {
      other.stop(0);
    }
  }

  @Test
  void aWrongPasswordExitsThreeWithoutShowingIt() {
    CliHarness harness = new CliHarness();
    harness.env.put("LAKEWARD_PASSWORD", "wrong-pw-123");
    CliHarness.Result result = harness.run("-c", "lake", "-e", "select 1", "--url", url()).assertExit(ExitCodes.AMS_UNAVAILABLE);
    assertThat(result.err()).isEqualTo("ERROR: The AMS at " + url() + " refused the credentials of user 'admin' (HTTP 401: "
        + "Authentication required: use HTTP Basic with the admin credentials)\n");
  }

  @Test
  void theUserAndThePasswordVariableComeFromFlagsOrEnvironment() {
    CliHarness byFlags = new CliHarness();
    byFlags.env.clear();
    byFlags.env.put("MY_AMS_PW", FakeTerminalServer.PASSWORD);
    byFlags.run("-c", "lake", "-e", "select 1", "--url", url(), "--user", "admin", "--password-env", "MY_AMS_PW").assertExit(0);
    assertThat(server.submissions.get(server.submissions.size() - 1).get("user").asText()).isEqualTo("admin");

    CliHarness byEnvironment = new CliHarness();
    byEnvironment.env.put("LAKEWARD_USER", "someone");
    byEnvironment.env.put("LAKEWARD_AMS_URL", url());
    CliHarness.Result result = byEnvironment.run("-c", "lake", "-e", "select 1").assertExit(ExitCodes.AMS_UNAVAILABLE);
    assertThat(result.err()).contains("The AMS at " + url() + " refused the credentials of user 'someone'");
  }

  @Test
  void withoutAPasswordItAsksOnATerminalAndOtherwiseSaysWhereToPutIt() {
    CliHarness onTerminal = new CliHarness();
    onTerminal.env.clear();
    onTerminal.tty = new CliIo.Tty(true, true, false);
    onTerminal.promptAnswer = FakeTerminalServer.PASSWORD;
    onTerminal.run("-c", "lake", "-e", "select 1", "--url", url()).assertExit(0);
    assertThat(onTerminal.prompts).hasValue(1);

    CliHarness piped = new CliHarness();
    piped.env.clear();
    CliHarness.Result result = piped.run("-c", "lake", "-e", "select 1", "--url", url()).assertExit(ExitCodes.AMS_UNAVAILABLE);
    assertThat(piped.prompts).as("no terminal, no prompt").hasValue(0);
    assertThat(result.err()).contains("(HTTP 401: ", "give the password in LAKEWARD_PASSWORD or name its variable with --password-env");
  }

  @Test
  void aScriptComesFromAFileOrFromPipedStdin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("script.sql");
    Files.writeString(file, "\uFEFFselect 1;\n");
    new CliHarness().run("-c", "lake", "--url", url(), "-f", file.toString()).assertExit(0);
    assertThat(server.submissions.get(server.submissions.size() - 1).get("script").asText())
        .as("without the byte order mark").isEqualTo("select 1;\n");
    new CliHarness().stdin("select 2;").run("-c", "lake", "--url", url(), "-f", "-").assertExit(0);
    assertThat(server.submissions.get(server.submissions.size() - 1).get("script").asText()).isEqualTo("select 2;");
    new CliHarness().stdin("select 3;").run("-c", "lake", "--url", url()).assertExit(0);
    assertThat(server.submissions.get(server.submissions.size() - 1).get("script").asText()).isEqualTo("select 3;");
  }
}
