package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive prompt on a JLine terminal fed through a pipe (as keystrokes would be): multi-line statements,
 * one AMS session for the whole prompt, Ctrl-C canceling the running statement without leaving, the history file.
 */
class SqlCliInteractiveTest {
  private FakeTerminalServer server;
  private PipedOutputStream keys;
  private Terminal terminal;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = new FakeTerminalServer("lake");
    server.result("SELECT name\nFROM db.t", List.of("name"), List.of(List.of("東京"), List.of("Zürich")));
    server.result("SELECT count(*) FROM db.t", List.of("count(1)"), List.of(List.of(2)));
    keys = new PipedOutputStream();
    terminal = TerminalBuilder.builder().system(false).type("dumb").streams(new PipedInputStream(keys, 1 << 16), screen).build();
  }

  @AfterEach
  void stop() throws IOException {
    keys.close();
    terminal.close();
    server.close();
  }

  private void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  private CompletableFuture<CliHarness.Result> prompt(Path history) {
    CliHarness harness = new CliHarness().terminal(terminal);
    harness.tty = new CliIo.Tty(true, true, false);
    harness.history = history;
    return CompletableFuture.supplyAsync(() -> harness.run("--url", server.url().toString(), "-c", "lake"));
  }

  @Test
  void runsMultiLineStatementsInOneSessionAndCtrlCCancelsTheRunningOneWithoutLeaving(@TempDir Path dir) throws Exception {
    FakeTerminalServer.Blocker slow = server.blocking("SELECT slow()");
    Path history = dir.resolve("history");
    CompletableFuture<CliHarness.Result> session = prompt(history);

    type("SELECT name\nFROM db.t;\nhelp\n\nSELECT slow();\n");
    server.awaitPolls(slow, 1);
    terminal.raise(Terminal.Signal.INT);
    assertThat(slow.canceled.await(30, TimeUnit.SECONDS)).as("Ctrl-C canceled it on the AMS").isTrue();
    type("SELECT count(*) FROM db.t;\nquit\n");
    CliHarness.Result result = session.get(60, TimeUnit.SECONDS).assertExit(0);

    assertThat(result.out().replaceAll("\\(\\d+\\.\\d\\d s\\)", "(T s)")).isEqualTo("""
        Connected to the AMS at %s, catalog lake. Statements end with ';'; 'help' for help, Ctrl-D or 'quit' to leave.
        +--------+
        | name   |
        +--------+
        | 東京   |
        | Zürich |
        +--------+
        2 rows (T s)
        Type SQL statements ending with ';' (they may span lines). Ctrl-C cancels a running statement,
        Ctrl-D or quit/exit leaves, 'examples' lists example statements from the AMS.
        +----------+
        | count(1) |
        +----------+
        |        2 |
        +----------+
        1 row (T s)
        """.formatted(server.url()));
    assertThat(result.err()).isEqualTo("\nCanceling the running statement...\nStatement 1 of 1 canceled: SELECT slow()\n");
    assertThat(server.cancels).hasSize(1);
    assertThat(screen.toString(StandardCharsets.UTF_8)).contains("lakeward:lake> ");

    List<JsonNode> submissions = server.submissions;
    assertThat(submissions).hasSize(3);
    assertThat(submissions.get(0).get("script").asText()).isEqualTo("SELECT name\nFROM db.t;");
    assertThat(submissions.get(0).has("session-id")).isFalse();
    String sessionId = submissions.get(1).get("session-id").asText();
    assertThat(submissions.get(2).get("session-id").asText()).as("one session for the prompt").isEqualTo(sessionId);
    assertThat(server.closedSessions).as("closed on quit").containsExactly(sessionId);

    assertThat(Files.readString(history)).contains("SELECT name\\nFROM db.t;", "SELECT slow();", "quit");
  }

  @Test
  void ctrlDLeavesAndAGoneSessionIsReplacedByANewOne(@TempDir Path dir) throws Exception {
    CompletableFuture<CliHarness.Result> session = prompt(dir.resolve("history"));
    type("SELECT count(*) FROM db.t;\n");
    // The AMS forgets the session (idle timeout) between two statements.
    server.awaitSubmissions(1);
    assertThat(server.submissions.get(0).get("script").asText()).isEqualTo("SELECT count(*) FROM db.t;");
    server.expireSessions();
    type("examples\nSELECT count(*) FROM db.t;\n");
    // Ctrl-D means end of input only to the prompt (raw mode); typed ahead, the terminal's line discipline eats it.
    CliHarness.await("the prompt after the third submission", () -> server.submissions.size() == 3
        && !terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ICANON));
    type("\u0004");
    CliHarness.Result result = session.get(60, TimeUnit.SECONDS).assertExit(0);
    assertThat(result.out()).contains("-- Count rows\nSELECT count(*) FROM db.t;\n");
    assertThat(result.err()).startsWith("Session s-").contains("is gone on the AMS (Unknown session: s-",
        "(HTTP 404)); starting a new session.");
    assertThat(server.submissions).hasSize(3);
    assertThat(server.submissions.get(2).has("session-id")).as("the retry asks for a new session").isFalse();
  }
}
