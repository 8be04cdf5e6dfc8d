package io.lakeward.benchmarks.engine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark driver that runs benchmark commands one at a time: the engine of the rewrite and ingestion
 * benchmarks (generating data, Iceberg's actions, the floor, the writer, queries). Submitted with
 * spark-submit on the benchmark's SPARK_HOME with Iceberg's Spark runtime on the driver class path,
 * so it gets the same JVM and Spark set-up as the Lakeward Spark optimizer it is compared with; the
 * Spark properties (master, the REST catalog of the AMS) come from spark-submit. Reads requests from
 * stdin and answers on stdout, see {@link Wire}; {@code quit} (or the end of stdin) stops it.
 *
 * <p>Only Spark, Iceberg and JDK classes are used here: this JVM has none of the AMS's.
 */
public final class EngineMain {
  private EngineMain() {
  }

  public static void main(String[] args) throws Exception {
    // Replies go to the real stdout; anything else that prints there (Spark, libraries) goes to stderr.
    PrintStream replies = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    String catalog = args.length > 0 ? args[0] : "bench";
    SparkSession spark = SparkSession.builder().getOrCreate();
    Tables tables = new Tables(spark, catalog);
    tables.createNamespace();
    RewriteCommands rewrite = new RewriteCommands(spark, tables);
    IngestionCommands ingestion = new IngestionCommands(spark, tables);
    Map<String, Command> commands = new LinkedHashMap<>();
    commands.put("ping", a -> Map.of("pid", Long.toString(ProcessHandle.current().pid())));
    commands.put("generate", rewrite::generate);
    commands.put("derive", rewrite::derive);
    commands.put("prepare", rewrite::prepare);
    commands.put("verify", rewrite::verify);
    commands.put("iceberg-rewrite", rewrite::icebergRewrite);
    commands.put("remove-dangling", rewrite::removeDangling);
    commands.put("floor", rewrite::floor);
    commands.put("drop", rewrite::drop);
    commands.put("set-properties", a -> {
      tables.setProperties(a.get("table"), a.prefixed("prop"));
      return Map.of();
    });
    commands.put("create", ingestion::create);
    commands.put("batch", ingestion::batch);
    commands.put("files", ingestion::files);
    commands.put("history", ingestion::history);
    commands.put("reference", ingestion::reference);
    commands.put("verify-ingestion", ingestion::verify);
    commands.put("queries", ingestion::queries);
    commands.put("gc", a -> {
      System.gc();
      return Map.of();
    });
    replies.println(Wire.REPLY + Wire.encode(Wire.OK, Map.of("ready", "true")));

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      String name = Wire.head(line);
      if (name.equals("quit")) {
        break;
      }
      Command command = commands.get(name);
      try {
        if (command == null) {
          throw new IllegalArgumentException("Unknown command: " + name);
        }
        Map<String, String> reply = command.run(new Args(Wire.values(line)));
        replies.println(Wire.REPLY + Wire.encode(Wire.OK, reply));
      } catch (Exception | Error e) {
        e.printStackTrace();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        replies.println(Wire.REPLY + Wire.ERROR + " " + Wire.escape(name + " failed: " + e + "\n" + trace));
        if (e instanceof Error error && !(e instanceof AssertionError)) {
          // An OutOfMemoryError or worse leaves the JVM unfit to measure anything else.
          break;
        }
      }
    }
    spark.stop();
    System.exit(0);
  }

  interface Command {
    Map<String, String> run(Args args) throws Exception;
  }
}
