package io.lakeward.ams.terminal;

import static io.lakeward.ams.terminal.TerminalClient.rows;
import static io.lakeward.ams.terminal.TerminalClient.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.config.TerminalConfig;
import io.lakeward.ams.config.TerminalKyuubiConfig;
import io.lakeward.ams.config.TerminalLocalConfig;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.common.config.DataSize;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.Test;

/**
 * The same SQL scripts on every terminal backend, end to end: REST, the terminal service, the backend,
 * a real Spark Thrift Server in a child JVM with Iceberg's Spark runtime, and back into this AMS through
 * its Iceberg REST catalog, into which the terminal injected the catalog. Subclasses start one server
 * (and one AMS) per class.
 */
abstract class TerminalBackendContractTests {
  static final int RESULT_LIMIT = 100;
  /** One statement's bound on a shared two-core machine: generous, never waited for when all is well. */
  static final long TIMEOUT_SECONDS = 180;

  static TestAms ams;
  static TerminalClient terminal;

  /** The backend's name, as sessions report it. */
  abstract String backend();

  static Path repoRoot() {
    String root = System.getProperty("lakeward.repo.root");
    assertThat(root).as("system property lakeward.repo.root (set by the failsafe configuration)").isNotNull();
    return Paths.get(root).toAbsolutePath().normalize();
  }

  /** The jars the build assembles and small Spark settings, for a server in a test. */
  static TerminalLocalConfig localServer() {
    Path root = repoRoot();
    return new TerminalLocalConfig(root.resolve("spark-home/target/spark-home").toString(),
        root.resolve(TerminalLocalConfig.DEFAULT_JARS).toString(), 2, DataSize.ofMegabytes(1024), Duration.ofMinutes(6),
        Map.of("spark.sql.shuffle.partitions", "2"));
  }

  static TerminalConfig terminalConfig(String backend, TerminalKyuubiConfig kyuubi, TerminalLocalConfig local) {
    return new TerminalConfig(backend, 4, new TerminalConfig.Result(RESULT_LIMIT), true,
        new TerminalConfig.Session(Duration.ofMinutes(10)), 20, null, kyuubi, local);
  }

  /**
   * Starts the AMS with this terminal configuration and catalog lake, and runs a first statement (for
   * the local backend that starts the server, which takes a while on a busy machine).
   */
  static void startAms(Path home, TerminalConfig config) throws Exception {
    LakewardConfig base = TestAms.config(TestAms.derby(home));
    ams = TestAms.start(new LakewardConfig(base.ams().withTerminal(config), base.containers()), home, List.of());
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    terminal = new TerminalClient(ams.rest());
    JsonNode first = terminal.run("lake", "SELECT 1 AS ready", null, "warmup", 420);
    assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("FINISHED");
  }

  static void stopAms() {
    if (ams != null) {
      ams.close();
      ams = null;
    }
  }

  @Test
  void createInsertSelectDescribeAndDropATableOfTheCatalog() throws Exception {
    String ns = "life_" + backend();
    JsonNode created = terminal.run("lake", "CREATE NAMESPACE IF NOT EXISTS " + ns + ";\n"
        + "CREATE TABLE " + ns + ".orders (id BIGINT, customer STRING, amount DOUBLE) USING iceberg;\n"
        + "INSERT INTO " + ns + ".orders VALUES (1, 'alice', 12.5), (2, 'bob', 7.25), (3, 'zoë; \"x\" -- not a comment', 1.0);\n"
        + "SELECT id, customer, amount FROM " + ns + ".orders ORDER BY id;\n"
        + "DESCRIBE TABLE " + ns + ".orders", null, "dana", TIMEOUT_SECONDS);
    assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("FINISHED");
    assertThat(statuses(created)).containsOnly("SUCCESS").hasSize(5);
    JsonNode select = created.get("statements").get(3);
    assertThat(select.get("columns").toString()).isEqualTo("[\"id\",\"customer\",\"amount\"]");
    assertThat(select.get("row-count").asInt()).isEqualTo(3);
    assertThat(select.get("truncated").asBoolean()).isFalse();
    assertThat(select.get("rows").get(0).get(0).isNumber()).as("numbers stay JSON numbers").isTrue();
    assertThat(rows(created, 4)).containsExactly(List.of("1", "alice", "12.5"), List.of("2", "bob", "7.25"),
        List.of("3", "zoë; \"x\" -- not a comment", "1.0"));
    assertThat(rows(created, 5)).extracting(row -> row.subList(0, 2))
        .contains(List.of("id", "bigint"), List.of("customer", "string"), List.of("amount", "double"));

    // The rows are in the AMS catalog's table, as Iceberg reads them.
    try (RESTCatalog catalog = ams.icebergRestClient("lake")) {
      Table table = catalog.loadTable(TableIdentifier.of(ns, "orders"));
      assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "3");
      Set<String> stored = new HashSet<>();
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
        records.forEach(r -> stored.add(r.getField("id") + "|" + r.getField("customer") + "|" + r.getField("amount")));
      }
      assertThat(stored).containsExactlyInAnyOrder("1|alice|12.5", "2|bob|7.25", "3|zoë; \"x\" -- not a comment|1.0");
    }

    JsonNode dropped = terminal.run("lake", "DROP TABLE " + ns + ".orders; SHOW TABLES IN " + ns + "; DROP NAMESPACE " + ns,
        created.get("session-id").asText(), "dana", TIMEOUT_SECONDS);
    assertThat(dropped.get("status").asText()).as(dropped.toString()).isEqualTo("FINISHED");
    assertThat(dropped.get("session-id").asText()).isEqualTo(created.get("session-id").asText());
    assertThat(rows(dropped, 2)).isEmpty();
    try (RESTCatalog catalog = ams.icebergRestClient("lake")) {
      assertThat(catalog.tableExists(TableIdentifier.of(ns, "orders"))).isFalse();
    }
  }

  @Test
  void aSyntaxErrorIsACleanFailedStatement() throws Exception {
    JsonNode ended = terminal.run("lake", "SELECT 1 AS one; SELEC 2; SELECT 3", null, "erin", TIMEOUT_SECONDS);
    assertThat(ended.get("status").asText()).isEqualTo("FAILED");
    assertThat(statuses(ended)).containsExactly("SUCCESS", "FAILED", "CANCELED");
    assertThat(rows(ended, 1)).containsExactly(List.of("1"));
    String error = ended.get("statements").get(1).get("error").asText();
    assertThat(error).startsWith("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'").contains("== SQL ==")
        .doesNotContain("\tat ").doesNotContain("HiveSQLException").doesNotContain("Exception:");

    JsonNode missing = terminal.run("lake", "SELECT * FROM no_such_db.no_such_table", ended.get("session-id").asText(),
        "erin", TIMEOUT_SECONDS);
    assertThat(statuses(missing)).containsExactly("FAILED");
    assertThat(missing.get("statements").get(0).get("error").asText()).startsWith("[TABLE_OR_VIEW_NOT_FOUND]");
  }

  @Test
  void aLongQueryIsCancelledMidRun() throws Exception {
    String id = terminal.submit("lake", "SELECT count(*) FROM range(0, 5000000) a CROSS JOIN range(0, 5000000) b "
        + "WHERE a.id + b.id = -1; SELECT 2", null, "frank").get("execution-id").asText();
    // Mid-run: the statement has been running on the engine for a while.
    Poll.untilJson(() -> terminal.execution(id).get("statements").get(0),
        s -> "RUNNING".equals(s.get("status").asText()) && s.get("duration-ms").asLong() >= 2000, TIMEOUT_SECONDS);
    long cancelledAt = System.nanoTime();
    JsonNode answer = terminal.cancel(id);
    assertThat(answer.get("execution-id").asText()).isEqualTo(id);
    JsonNode ended = terminal.awaitEnd(id, 60);
    Duration took = Duration.ofNanos(System.nanoTime() - cancelledAt);
    assertThat(ended.get("status").asText()).isEqualTo("CANCELED");
    assertThat(statuses(ended)).containsExactly("CANCELED", "CANCELED");
    assertThat(took).as("the engine stopped the statement soon after the cancel").isLessThan(Duration.ofSeconds(30));
    assertThat(ended.get("logs").toString()).contains("cancel requested").contains("cancelled after");
    // The session goes on with the engine free again.
    JsonNode next = terminal.run("lake", "SELECT count(*) FROM range(0, 1000)", ended.get("session-id").asText(), "frank",
        TIMEOUT_SECONDS);
    assertThat(rows(next, 1)).containsExactly(List.of("1000"));
  }

  @Test
  void aResultLargerThanTheLimitIsCutAtTheLimit() throws Exception {
    JsonNode ended = terminal.run("lake", "SELECT id FROM range(0, 5000) ORDER BY id; SELECT id FROM range(0, "
        + RESULT_LIMIT + ") ORDER BY id; SELECT id FROM range(0, 0)", null, "gina", TIMEOUT_SECONDS);
    assertThat(statuses(ended)).containsOnly("SUCCESS");
    JsonNode larger = ended.get("statements").get(0);
    assertThat(larger.get("row-count").asInt()).isEqualTo(RESULT_LIMIT);
    assertThat(larger.get("truncated").asBoolean()).isTrue();
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < RESULT_LIMIT; i++) {
      expected.add(List.of(String.valueOf(i)));
    }
    assertThat(rows(ended, 1)).isEqualTo(expected);
    JsonNode exact = ended.get("statements").get(1);
    assertThat(exact.get("row-count").asInt()).isEqualTo(RESULT_LIMIT);
    assertThat(exact.get("truncated").asBoolean()).isFalse();
    assertThat(rows(ended, 2)).isEqualTo(expected);
    JsonNode empty = ended.get("statements").get(2);
    assertThat(empty.get("row-count").asInt()).isZero();
    assertThat(empty.get("columns").toString()).isEqualTo("[\"id\"]");
  }

  @Test
  void sessionsAreIsolatedAndKeepTheirState() throws Exception {
    JsonNode alice = terminal.run("lake", "SET spark.sql.shuffle.partitions=7; CREATE NAMESPACE IF NOT EXISTS iso_"
        + backend() + "; USE iso_" + backend(), null, "alice", TIMEOUT_SECONDS);
    assertThat(alice.get("status").asText()).as(alice.toString()).isEqualTo("FINISHED");
    String aliceSession = alice.get("session-id").asText();
    String check = "SET spark.sql.shuffle.partitions; SELECT current_catalog(), current_database()";

    JsonNode bob = terminal.run("lake", check, null, "bob", TIMEOUT_SECONDS);
    assertThat(rows(bob, 1).get(0).get(1)).isNotEqualTo("7");
    assertThat(rows(bob, 2).get(0).get(0)).isEqualTo("lake");
    assertThat(rows(bob, 2).get(0).get(1)).isNotEqualTo("iso_" + backend());

    JsonNode aliceAgain = terminal.run("lake", check, aliceSession, "alice", TIMEOUT_SECONDS);
    assertThat(rows(aliceAgain, 1)).containsExactly(List.of("spark.sql.shuffle.partitions", "7"));
    assertThat(rows(aliceAgain, 2)).containsExactly(List.of("lake", "iso_" + backend()));

    JsonNode sessions = ams.rest().get(TerminalClient.BASE + "/sessions?user=alice").json();
    assertThat(sessions).extracting(s -> s.get("session-id").asText()).containsExactly(aliceSession);
    assertThat(sessions.get(0).get("backend").asText()).isEqualTo(backend());
    assertThat(sessions.get(0).get("catalog").asText()).isEqualTo("lake");
    terminal.run("lake", "DROP NAMESPACE iso_" + backend(), aliceSession, "alice", TIMEOUT_SECONDS);
  }
}
