package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sbin/lakeward-sql.sh as users run it, a real process against {@link FakeTerminalServer}: batch runs with each
 * output format and every exit status, and a session on a real pseudo-terminal (password prompt without echo,
 * interactive prompt, progress line, Ctrl-C canceling the running statement).
 */
class SqlCliScriptIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeTerminalServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeTerminalServer("lake");
    server.result("SELECT id, name FROM db.t ORDER BY id", List.of("id", "name"),
        List.of(List.of(1, "東京"), Arrays.asList(2, null)));
    server.result("SELECT count(*) AS n FROM db.t", List.of("n"), List.of(List.of(2)));
    server.result("SELECT count(*) AS n\nFROM db.t", List.of("n"), List.of(List.of(2)));
    server.failure("SELECT * FROM db.missing", "[TABLE_OR_VIEW_NOT_FOUND] The table or view `db`.`missing` cannot be found.");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("LAKEWARD_AMS_URL", server.url().toString());
    env.put("LAKEWARD_PASSWORD", FakeTerminalServer.PASSWORD);
    return env;
  }

  private static String normalized(String out) {
    return out.replaceAll("\\(\\d+\\.\\d\\d s\\)", "(T s)");
  }

  @Test
  void batchRunsPrintTableCsvAndJsonAndExitZero(@TempDir Path dir) throws Exception {
    ScriptProcess.Result table = ScriptProcess.run(env(), "", "-c", "lake", "-e",
        "CREATE TABLE db.t (id INT, name STRING); SELECT id, name FROM db.t ORDER BY id").assertExit(0);
    assertThat(normalized(table.out())).isEqualTo("""
        OK (T s)
        +----+------+
        | id | name |
        +----+------+
        |  1 | 東京 |
        |  2 | NULL |
        +----+------+
        2 rows (T s)
        """);
    assertThat(table.err()).as("no terminal: no progress line").isEmpty();

    Path script = dir.resolve("report.sql");
    Files.writeString(script, "SELECT id, name FROM db.t ORDER BY id;\nSELECT count(*) AS n FROM db.t;\n");
    ScriptProcess.Result csv = ScriptProcess.run(env(), "", "-c", "lake", "-f", script.toString(), "--output", "csv")
        .assertExit(0);
    assertThat(csv.out()).isEqualTo("id,name\n1,東京\n2,\n\nn\n2\n");

    ScriptProcess.Result json = ScriptProcess.run(env(), "", "-c", "lake", "-f", script.toString(), "-o", "json")
        .assertExit(0);
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("status").asText()).isEqualTo("FINISHED");
    assertThat(doc.get("statements").get(0).get("rows").toString()).isEqualTo("[[1,\"東京\"],[2,null]]");
    assertThat(doc.get("statements").get(1).get("rows").toString()).isEqualTo("[[2]]");

    ScriptProcess.Result piped = ScriptProcess.run(env(), "SELECT count(*) AS n FROM db.t;", "-c", "lake", "-o", "csv")
        .assertExit(0);
    assertThat(piped.out()).as("a script piped to stdin").isEqualTo("n\n2\n");
  }

  @Test
  void exitStatusesOneTwoAndThree() throws Exception {
    ScriptProcess.Result failed = ScriptProcess.run(env(), "", "-c", "lake", "-e", "SELECT * FROM db.missing")
        .assertExit(ExitCodes.STATEMENT_FAILED);
    assertThat(failed.err()).startsWith("ERROR in statement 1 of 1: [TABLE_OR_VIEW_NOT_FOUND]");

    ScriptProcess.Result usage = ScriptProcess.run(env(), "", "-e", "SELECT 1").assertExit(ExitCodes.USAGE);
    assertThat(usage.err()).startsWith("Missing required option: '--catalog=CATALOG'");

    Map<String, String> wrong = env();
    wrong.put("LAKEWARD_PASSWORD", "wrong-pw-123");
    ScriptProcess.Result rejected = ScriptProcess.run(wrong, "", "-c", "lake", "-e", "SELECT 1")
        .assertExit(ExitCodes.AMS_UNAVAILABLE);
    assertThat(rejected.err()).contains("refused the credentials of user 'admin' (HTTP 401").doesNotContain("wrong-pw-123");

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ScriptProcess.Result unreachable = ScriptProcess.run(env(), "", "-c", "lake", "-e", "SELECT 1",
        "--url", "http://127.0.0.1:" + port).assertExit(ExitCodes.AMS_UNAVAILABLE);
    assertThat(unreachable.err()).isEqualTo("ERROR: Cannot reach the AMS at http://127.0.0.1:" + port + ": connection refused\n");
  }

  @Test
  void ctrlCInBatchModeCancelsTheRunningStatementOnTheAmsAndClosesTheSession() throws Exception {
    FakeTerminalServer.Blocker slow = server.blocking("SELECT slow_in_batch()");
    int cancels = server.cancels.size();
    try (ScriptProcess batch = ScriptProcess.start(env(), "-c", "lake", "-e", "SELECT slow_in_batch()")) {
      server.awaitPolls(slow, 1);
      String sessionId = server.sessionOf(slow);
      batch.signal("INT");
      assertThat(batch.waitFor()).as("killed by SIGINT").isEqualTo(128 + 2);
      assertThat(slow.canceled.getCount()).as("the statement was canceled on the AMS").isZero();
      assertThat(server.cancels).hasSize(cancels + 1);
      assertThat(batch.err()).contains("Canceling the running statement...");
      assertThat(server.closedSessions).as("the session was closed on the way out").contains(sessionId);
    }
  }

  @Test
  void onARealTerminalItAsksForThePasswordShowsProgressAndCtrlCCancels(@TempDir Path dir) throws Exception {
    FakeTerminalServer.Blocker slow = server.blocking("SELECT slow_on_terminal()");
    Map<String, String> env = env();
    env.remove("LAKEWARD_PASSWORD");
    env.put("TERM", "xterm");
    env.put("LAKEWARD_SQL_HISTORY", dir.resolve("history").toString());
    try (ScriptProcess terminal = ScriptProcess.onTerminal(env, "-c lake")) {
      terminal.awaitOutput("Password for admin: ");
      terminal.type(FakeTerminalServer.PASSWORD + "\n");
      terminal.awaitOutput("lakeward:lake> ");
      terminal.type("SELECT count(*) AS n\nFROM db.t;\n");
      terminal.awaitOutput("1 row (");
      terminal.type("SELECT slow_on_terminal();\n");
      server.awaitPolls(slow, 3);
      terminal.awaitOutput("statement 1/1 ");
      terminal.type("\u0003");
      terminal.awaitOutput("Statement 1 of 1 canceled: SELECT slow_on_terminal()");
      terminal.type("quit\n");
      assertThat(terminal.waitFor()).as("exit status; output:%n%s", terminal.out()).isZero();
      String screen = terminal.out();
      assertThat(screen).doesNotContain(FakeTerminalServer.PASSWORD).contains("Canceling the running statement...");
      assertThat(slow.canceled.getCount()).isZero();
      assertThat(Files.readString(dir.resolve("history"))).contains("SELECT slow_on_terminal();", "quit");
    }
  }
}
