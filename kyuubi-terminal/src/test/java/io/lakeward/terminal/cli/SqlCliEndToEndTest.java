package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client end to end over HTTP against {@link FakeTerminalServer}: what it prints in each format, the exit
 * statuses that follow from the statements, progress, logs and sessions. (SqlCliScriptIT runs the same through
 * sbin/lakeward-sql.sh; catalog-runtime's SqlCliAmsIT against a real AMS.)
 */
class SqlCliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeTerminalServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeTerminalServer("lake");
    server.result("SELECT id, name FROM db.t ORDER BY id", List.of("id", "name"),
        List.of(List.of(1, "東京"), Arrays.asList(2, null), List.of(10, "a,\"b\"")));
    server.result("SELECT count(*) FROM db.t", List.of("count(1)"), List.of(List.of(3)));
    server.failure("SELECT * FROM db.missing", "[TABLE_OR_VIEW_NOT_FOUND] The table or view `db`.`missing` cannot be found.");
    server.truncatedResult("SELECT * FROM db.big", List.of("n"), List.of(List.of(1), List.of(2), List.of(3)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CliHarness.Result run(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 4);
    System.arraycopy(new String[] {"--url", server.url().toString(), "-c", "lake"}, 0, all, args.length, 4);
    return new CliHarness().run(all);
  }

  @Test
  void tableOutputPrintsEachResultAlignedWithARowCountAndExitsZero() {
    CliHarness.Result result = run("-e", "CREATE TABLE db.t (id INT, name STRING); SELECT id, name FROM db.t ORDER BY id;"
        + " SELECT count(*) FROM db.t").assertExit(0);
    assertThat(result.out().replaceAll("\\(\\d+\\.\\d\\d s\\)", "(T s)")).isEqualTo("""
        OK (T s)
        +----+-------+
        | id | name  |
        +----+-------+
        |  1 | 東京  |
        |  2 | NULL  |
        | 10 | a,"b" |
        +----+-------+
        3 rows (T s)
        +----------+
        | count(1) |
        +----------+
        |        3 |
        +----------+
        1 row (T s)
        """);
    assertThat(result.err()).as("no progress off a terminal, no errors").isEmpty();
    JsonNode submission = server.submissions.get(server.submissions.size() - 1);
    assertThat(submission.get("catalog").asText()).isEqualTo("lake");
    assertThat(submission.has("session-id")).as("a new session").isFalse();
    assertThat(server.closedSessions).as("the session is closed after the run").isNotEmpty();
  }

  @Test
  void csvOutputPrintsEachResultSetWithAHeaderSeparatedByAnEmptyLine(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("report.sql");
    Files.writeString(script, "SELECT id, name FROM db.t ORDER BY id;\nINSERT INTO db.t VALUES (4, 'x');\nSELECT count(*) FROM db.t;\n");
    CliHarness.Result result = run("-f", script.toString(), "--output", "csv").assertExit(0);
    assertThat(result.out()).isEqualTo("""
        id,name
        1,東京
        2,
        10,"a,""b\"""

        count(1)
        3
        """);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void jsonOutputIsOneDocumentForTheRun() throws Exception {
    CliHarness.Result result = run("-o", "JSON", "-e", "SELECT id, name FROM db.t ORDER BY id; SELECT count(*) FROM db.t")
        .assertExit(0);
    assertThat(result.out().strip().lines()).as("one line, one document").hasSize(1);
    JsonNode doc = JSON.readTree(result.out());
    assertThat(doc.get("catalog").asText()).isEqualTo("lake");
    assertThat(doc.get("status").asText()).isEqualTo("FINISHED");
    assertThat(doc.get("execution-id").asText()).isNotEmpty();
    assertThat(doc.get("session-id").asText()).startsWith("s-");
    assertThat(doc.get("statements")).hasSize(2);
    JsonNode first = doc.get("statements").get(0);
    assertThat(first.get("sql").asText()).isEqualTo("SELECT id, name FROM db.t ORDER BY id");
    assertThat(first.get("status").asText()).isEqualTo("SUCCESS");
    assertThat(first.get("row-count").asLong()).isEqualTo(3);
    assertThat(first.get("truncated").asBoolean()).isFalse();
    assertThat(first.get("duration-ms").isNumber()).isTrue();
    assertThat(first.get("columns").toString()).isEqualTo("[\"id\",\"name\"]");
    assertThat(first.get("rows").toString()).isEqualTo("[[1,\"東京\"],[2,null],[10,\"a,\\\"b\\\"\"]]");
    assertThat(first.has("error")).isFalse();
    assertThat(doc.get("statements").get(1).get("rows").toString()).isEqualTo("[[3]]");
  }

  @Test
  void aFailedStatementExitsOneReportsOnStderrAndKeepsEarlierResults() throws Exception {
    CliHarness.Result result = run("-e", "SELECT count(*) FROM db.t; SELECT * FROM db.missing; SELECT count(*) FROM db.t")
        .assertExit(ExitCodes.STATEMENT_FAILED);
    assertThat(result.out()).startsWith("+----------+\n| count(1) |\n").contains("1 row (");
    assertThat(result.err()).isEqualTo("""
        ERROR in statement 2 of 3: [TABLE_OR_VIEW_NOT_FOUND] The table or view `db`.`missing` cannot be found.
          in: SELECT * FROM db.missing
        Statement 3 of 3 not run: SELECT count(*) FROM db.t
        """);

    CliHarness.Result json = run("-o", "json", "-e", "SELECT * FROM db.missing").assertExit(ExitCodes.STATEMENT_FAILED);
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("status").asText()).isEqualTo("FAILED");
    assertThat(doc.get("statements").get(0).get("status").asText()).isEqualTo("FAILED");
    assertThat(doc.get("statements").get(0).get("error").asText()).contains("TABLE_OR_VIEW_NOT_FOUND");
    assertThat(json.err()).startsWith("ERROR in statement 1 of 1: [TABLE_OR_VIEW_NOT_FOUND]");
  }

  @Test
  void aTruncatedResultSaysWhereItWasCut() {
    CliHarness.Result result = run("-e", "SELECT * FROM db.big").assertExit(0);
    assertThat(result.out()).containsPattern("\\n3 rows \\(\\d+\\.\\d\\d s\\) \\(truncated at 3 rows\\)\\n$");
  }

  @Test
  void scriptsTheAmsRejectsExitOneWithItsMessage() {
    CliHarness.Result unknown = new CliHarness().run("--url", server.url().toString(), "-c", "nope", "-e", "SELECT 1")
        .assertExit(ExitCodes.STATEMENT_FAILED);
    assertThat(unknown.err()).isEqualTo("ERROR: Unknown catalog: nope (HTTP 404)\n");

    server.maxScriptChars = 100;
    try {
      CliHarness.Result large = run("-e", "SELECT '" + "x".repeat(200) + "'").assertExit(ExitCodes.STATEMENT_FAILED);
      assertThat(large.err()).isEqualTo("ERROR: Invalid script: 209 characters is more than the limit of 100 (HTTP 413)\n");
    } finally {
      server.maxScriptChars = 1_000_000;
    }
  }

  @Test
  void onATerminalAProgressLineShowsWhileAStatementRunsAndIsErasedBeforeResults() throws Exception {
    FakeTerminalServer.Blocker slow = server.blocking("SELECT slow()");
    CliHarness harness = new CliHarness();
    harness.tty = new CliIo.Tty(false, false, true);
    Thread release = new Thread(() -> {
      try {
        server.awaitPolls(slow, 3);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      slow.release();
    });
    release.start();
    CliHarness.Result result = harness.run("--url", server.url().toString(), "-c", "lake", "-e", "SELECT count(*) FROM db.t; SELECT slow()")
        .assertExit(0);
    release.join();
    assertThat(result.err()).contains("statement 2/2 ", " s  SELECT slow()").endsWith("\r\033[K");
    assertThat(result.err().split("\r\033\\[K[|/\\\\-] statement 2/2 \\d+\\.\\d s  SELECT slow\\(\\)", -1))
        .as("redrawn at least twice while the statement ran: %s", result.err()).hasSizeGreaterThan(2);
    assertThat(result.out()).contains("| done |").doesNotContain("\r");
  }

  @Test
  void verboseCopiesTheAmsLogsToStderr() {
    CliHarness.Result result = run("--verbose", "-e", "SELECT count(*) FROM db.t").assertExit(0);
    assertThat(result.err()).isEqualTo("[ams] Running statement 1\n");
  }
}
