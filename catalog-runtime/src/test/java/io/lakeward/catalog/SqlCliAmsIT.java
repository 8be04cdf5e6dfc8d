package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sbin/lakeward-sql.sh end to end against a real AMS (a child JVM on Derby) and its terminal's default local
 * backend (a Spark Thrift Server the AMS starts): -e, -f, csv and json output, and the exit statuses 0, 1 (a failed
 * statement, an unknown catalog) and 3 (a wrong password), each as a real process.
 *
 * <p>Needs the build of kyuubi-terminal (the client), ams-thrift-server, spark-home and terminal-spark (the local
 * backend's jars).
 */
class SqlCliAmsIT {
  private static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static AmsProcess ams;

  @BeforeAll
  static void start() throws Exception {
    assertThat(REPO.resolve("kyuubi-terminal/target/sql-cli-lib")).as("kyuubi-terminal must be packaged first").isDirectory();
    dir = Files.createTempDirectory("lakeward-sql-cli");
    // The AMS runs with LAKEWARD_HOME=dir, so the local backend is pointed at the repository's build output.
    ams = AmsProcess.start(dir, null, "  terminal:\n    local:\n"
        + "      spark-home: " + REPO.resolve("spark-home/target/spark-home") + "\n"
        + "      jars: " + REPO.resolve("terminal-spark/target/terminal-spark/jars") + "\n");
    ams.createInternalCatalog("lake", dir.resolve("warehouse"));
    // A file, not -e: this JVM encodes a process's arguments in its locale's charset, and CI's may be ASCII.
    Path setup = Files.writeString(dir.resolve("setup.sql"), "CREATE NAMESPACE IF NOT EXISTS db; "
        + "CREATE TABLE db.t (id INT, name STRING); INSERT INTO db.t VALUES (1, '東京'), (2, NULL)", StandardCharsets.UTF_8);
    run(AmsProcess.ADMIN_PASSWORD, "-c", "lake", "-f", setup.toString()).assertExit(0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (ams != null) {
      ams.close();
    }
  }

  @Test
  void executePrintsAnAlignedTableAndExitsZero() throws Exception {
    Result result = run(AmsProcess.ADMIN_PASSWORD, "-c", "lake", "-e", "SELECT id, name FROM db.t ORDER BY id").assertExit(0);
    assertThat(result.out().replaceAll("\\(\\d+\\.\\d\\d s\\)", "(T s)")).isEqualTo("""
        +----+------+
        | id | name |
        +----+------+
        |  1 | 東京 |
        |  2 | NULL |
        +----+------+
        2 rows (T s)
        """);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void aScriptFilePrintsCsvAndJson() throws Exception {
    Path script = dir.resolve("report.sql");
    Files.writeString(script, "-- a report\nSELECT id, name FROM db.t ORDER BY id;\nSELECT count(*) AS n FROM db.t;\n");
    Result csv = run(AmsProcess.ADMIN_PASSWORD, "-c", "lake", "-f", script.toString(), "--output", "csv").assertExit(0);
    assertThat(csv.out()).isEqualTo("id,name\n1,東京\n2,\n\nn\n2\n");

    Result json = run(AmsProcess.ADMIN_PASSWORD, "-c", "lake", "-f", script.toString(), "--output", "json").assertExit(0);
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("catalog").asText()).isEqualTo("lake");
    assertThat(doc.get("status").asText()).isEqualTo("FINISHED");
    assertThat(doc.get("statements")).hasSize(2);
    assertThat(doc.get("statements").get(0).get("columns").toString()).isEqualTo("[\"id\",\"name\"]");
    assertThat(doc.get("statements").get(0).get("rows").toString()).isEqualTo("[[1,\"東京\"],[2,null]]");
    assertThat(doc.get("statements").get(1).get("rows").toString()).isEqualTo("[[2]]");
  }

  @Test
  void aFailedStatementOrAnUnknownCatalogExitsOne() throws Exception {
    Result failed = run(AmsProcess.ADMIN_PASSWORD, "-c", "lake", "-e", "SELECT count(*) AS n FROM db.t; SELECT * FROM db.missing")
        .assertExit(1);
    assertThat(failed.out()).contains("| n |", "1 row (");
    assertThat(failed.err()).startsWith("ERROR in statement 2 of 2: ").contains("TABLE_OR_VIEW_NOT_FOUND", "in: SELECT * FROM db.missing");

    Result unknown = run(AmsProcess.ADMIN_PASSWORD, "-c", "no_such_catalog", "-e", "SELECT 1").assertExit(1);
    assertThat(unknown.err()).startsWith("ERROR: ").contains("no_such_catalog");
    assertThat(unknown.out()).isEmpty();
  }

  @Test
  void aNonAsciiStatementGivenWithExecuteKeepsItsCharactersUnderACLocale() throws Exception {
    // bash's printf makes the UTF-8 bytes, so the command line this JVM passes is plain ASCII.
    String sql = "SELECT '\\xe6\\x9d\\xb1\\xe4\\xba\\xac' AS x, hex('\\xe6\\x9d\\xb1\\xe4\\xba\\xac') AS h";
    List<String> command = List.of("bash", "-c", "exec \"$0\" --url \"$1\" -c lake -o csv -e \"$(printf \"$2\")\"",
        REPO.resolve("sbin/lakeward-sql.sh").toString(), amsUrl(), sql);
    Result result = run(command, Map.of("LAKEWARD_PASSWORD", AmsProcess.ADMIN_PASSWORD, "LC_ALL", "C", "LANG", "C"))
        .assertExit(0);
    assertThat(result.out()).isEqualTo("x,h\n東京,E69DB1E4BAAC\n");
  }

  @Test
  void aWrongPasswordExitsThree() throws Exception {
    Result rejected = run("not-the-password", "-c", "lake", "-e", "SELECT 1").assertExit(3);
    assertThat(rejected.err()).startsWith("ERROR: The AMS at http://127.0.0.1:").contains("refused the credentials of user 'admin' (HTTP 401")
        .doesNotContain("not-the-password");
    assertThat(rejected.out()).isEmpty();
  }

  private record Result(int exitCode, String out, String err) {
    Result assertExit(int expected) {
      assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
      return this;
    }
  }

  /** Runs sbin/lakeward-sql.sh against the AMS with the password in LAKEWARD_PASSWORD, stdin closed. */
  private static Result run(String password, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(REPO.resolve("sbin/lakeward-sql.sh").toString(), "--url", amsUrl()));
    command.addAll(List.of(args));
    return run(command, Map.of("LAKEWARD_PASSWORD", password));
  }

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKEWARD_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outPump = pump(process.getInputStream(), out);
    Thread errPump = pump(process.getErrorStream(), err);
    // The first statement of the run starts the local Spark Thrift Server.
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("lakeward-sql.sh did not finish: " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
    outPump.join();
    errPump.join();
    return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The AMS REST endpoint (the port of its Iceberg REST URI). */
  private static String amsUrl() {
    return "http://127.0.0.1:" + URI.create(ams.restUri()).getPort();
  }

  private static Thread pump(InputStream from, ByteArrayOutputStream to) {
    Thread thread = new Thread(() -> {
      try {
        from.transferTo(to);
      } catch (IOException e) {
        // The process ended.
      }
    });
    thread.start();
    return thread;
  }
}
