package io.lakeward.benchmarks.spark;

import io.lakeward.benchmarks.engine.EngineMain;
import io.lakeward.benchmarks.engine.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Spark engine ({@link EngineMain}) in a child JVM started with spark-submit on the benchmark's
 * {@link SparkSetup}, with Iceberg's Spark runtime on its driver class path and the AMS's internal
 * catalog as Spark catalog {@code bench} over the Iceberg REST protocol. Commands run one at a time.
 */
public final class EngineProcess implements AutoCloseable {
  private final ChildProcess process;
  private final PrintWriter requests;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

  private EngineProcess(ChildProcess process) {
    this.process = process;
    this.requests = new PrintWriter(new OutputStreamWriter(process.process().getOutputStream(), StandardCharsets.UTF_8),
        true);
  }

  /** Starts an engine and waits until its Spark session is up. */
  public static EngineProcess start(String name, SparkSetup spark, String restCatalogUri, Path logDir,
      List<String> driverJavaOptions) throws Exception {
    List<String> command = new ArrayList<>(spark.submit(driverJavaOptions));
    command.addAll(List.of("--driver-class-path", spark.icebergRuntime() + ":" + spark.benchmarksJar(),
        "--conf", "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        "--conf", "spark.sql.catalog." + AmsProcess.CATALOG + "=org.apache.iceberg.spark.SparkCatalog",
        "--conf", "spark.sql.catalog." + AmsProcess.CATALOG + ".type=rest",
        "--conf", "spark.sql.catalog." + AmsProcess.CATALOG + ".uri=" + restCatalogUri,
        "--conf", "spark.sql.catalog." + AmsProcess.CATALOG + ".warehouse=" + AmsProcess.CATALOG,
        "--conf", "spark.sql.catalog." + AmsProcess.CATALOG + ".cache-enabled=false",
        "--class", EngineMain.class.getName(), spark.benchmarksJar().toString(), AmsProcess.CATALOG));
    Path log = logDir.resolve(name + ".log");
    ChildProcess child = ChildProcess.start(name, command, Map.of(), log, true);
    EngineProcess engine = new EngineProcess(child);
    Thread reader = new Thread(() -> engine.readReplies(log), name + "-replies");
    reader.setDaemon(true);
    reader.start();
    try {
      engine.await("start-up", Duration.ofMinutes(3));
      return engine;
    } catch (Exception | Error e) {
      engine.close();
      throw e;
    }
  }

  public ChildProcess process() {
    return process;
  }

  /** Runs one command; throws with the engine's message when it fails or the JVM ends. */
  public Map<String, String> call(String command, Map<String, String> args, Duration timeout) throws Exception {
    requests.println(Wire.encode(command, args));
    return await(command, timeout);
  }

  public Map<String, String> call(String command, Map<String, String> args) throws Exception {
    return call(command, args, Duration.ofHours(2));
  }

  private Map<String, String> await(String command, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = replies.poll(1, TimeUnit.SECONDS);
      if (line != null) {
        if (Wire.head(line).equals(Wire.OK)) {
          return Wire.values(line);
        }
        throw new IllegalStateException("Engine " + process.name() + ": "
            + Wire.unescape(line.substring(line.indexOf(' ') + 1)));
      }
      if (!process.isAlive() && replies.isEmpty()) {
        throw new IllegalStateException("Engine " + process.name() + " ended (exit code "
            + process.process().exitValue() + ") during " + command + ":\n" + process.tail(30));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Engine " + process.name() + ": no answer to " + command + " within " + timeout);
      }
    }
  }

  /** Reply lines go to the queue; anything else the engine prints to stdout goes to its log. */
  private void readReplies(Path log) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.process().getInputStream(),
        StandardCharsets.UTF_8));
        Writer logFile = Files.newBufferedWriter(log.resolveSibling(log.getFileName() + ".stdout"),
            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(Wire.REPLY)) {
          replies.add(line.substring(Wire.REPLY.length()));
        } else {
          logFile.write(line + "\n");
          logFile.flush();
        }
      }
    } catch (IOException e) {
      // The engine ended; await() reports it.
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      requests.println("quit");
      if (!process.process().waitFor(60, TimeUnit.SECONDS)) {
        process.stop(Duration.ofSeconds(10));
      }
    }
  }

  /** A map of arguments, in order: key, value, key, value... */
  public static Map<String, String> args(Object... keyValues) {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
    }
    return args;
  }
}
