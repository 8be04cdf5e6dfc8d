package io.lakeward.benchmarks.ingestion;

import static io.lakeward.benchmarks.spark.EngineProcess.args;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.benchmarks.spark.AmsProcess;
import io.lakeward.benchmarks.spark.ChildProcess;
import io.lakeward.benchmarks.spark.EngineProcess;
import io.lakeward.benchmarks.spark.OptimizerLauncher;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the two phases of the ingestion benchmark. Phase one: the writer commits every batch to a
 * table Lakeward self-optimizes (table and AMS defaults, a live Spark optimizer), then Lakeward gets a
 * bounded time to finish what is pending. Phase two: the same writer commits the same batches to one
 * table per Iceberg variant, and a rewriter JVM per variant runs Iceberg's RewriteDataFiles after every
 * N commits (and once after the last). The phases run one after the other, so the two sides never
 * share the CPU; the variants of phase two share it with each other.
 */
final class IngestionRunner implements AutoCloseable {
  static final String GROUP = "bench";
  static final String DATABASE = "db";
  static final String LAKEWARD_TABLE = "ingest_lakeward";
  static final String REFERENCE_TABLE = "ingest_reference";

  private final IngestionSettings settings;
  private final Path home;
  private final PrintStream log;
  private final OptimizerLauncher launcher;
  private AmsProcess ams;
  private EngineProcess writer;
  private ChildProcess optimizer;

  IngestionRunner(IngestionSettings settings, Path home, PrintStream log, OptimizerLauncher launcher) {
    this.settings = requireNonNull(settings, "settings is null");
    this.home = requireNonNull(home, "home is null");
    this.log = requireNonNull(log, "log is null");
    this.launcher = requireNonNull(launcher, "launcher is null");
  }

  /** The AMS on its default cadences (only the ports, Derby and the optimizer group are set), the writer, the optimizer. */
  void start() throws Exception {
    ams = AmsProcess.start(home.resolve("ams"), GROUP, "", "");
    ams.createInternalCatalog(home.resolve("warehouse"));
    writer = EngineProcess.start("writer", settings.spark(), ams.restCatalogUri(), home.resolve("logs"), List.of());
    optimizer = launcher.start(ams.optimizingUri(), GROUP, settings.parallelism(), home.resolve("logs"));
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (ams.group(GROUP).path("threads").asInt() < settings.parallelism()) {
      if (!optimizer.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("The optimizer did not register:\n" + optimizer.tail(40));
      }
      Thread.sleep(200);
    }
  }

  SideResult lakewardPhase() throws Exception {
    writer.call("create", args("table", LAKEWARD_TABLE, "prop.self-optimizing.group", GROUP,
        "prop.self-optimizing.target-size", settings.targetSize()));
    ams.scan();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (ams.runtime(DATABASE, LAKEWARD_TABLE) == null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The AMS does not manage " + LAKEWARD_TABLE);
      }
      Thread.sleep(200);
    }
    double optimizerCpu = seconds(optimizer.cpu());
    double amsCpu = seconds(ams.process().cpu());
    List<Sample> samples = new ArrayList<>();
    List<Double> commits = new ArrayList<>();
    long start = System.nanoTime();
    for (int batch = 1; batch <= settings.batches(); batch++) {
      pace(start, batch);
      commits.add(commit(LAKEWARD_TABLE, batch));
      if (batch % settings.sampleEvery() == 0 || batch == settings.batches()) {
        JsonNode runtime = ams.runtime(DATABASE, LAKEWARD_TABLE);
        samples.add(sample(LAKEWARD_TABLE, batch, seconds(optimizer.cpu()) - optimizerCpu,
            runtime == null ? "?" : runtime.path("status").asText()));
        log.printf("  Lakeward after %d commits: %s%n", batch, samples.get(samples.size() - 1));
      }
    }
    long written = System.nanoTime();
    boolean settled = settle();
    double catchUp = (System.nanoTime() - written) / 1e9;
    double optimizerUsed = seconds(optimizer.cpu()) - optimizerCpu;
    double amsUsed = seconds(ams.process().cpu()) - amsCpu;
    log.printf("  Lakeward %s %.0f s after the last commit; optimizer CPU %.1f s, AMS CPU %.1f s%n",
        settled ? "settled" : "still busy", catchUp, optimizerUsed, amsUsed);
    return finish("Lakeward", LAKEWARD_TABLE, optimizerUsed, amsUsed, catchUp, settled, samples, List.of(), commits);
  }

  /** Waits until the AMS has evaluated the table's last snapshot and found nothing to do, within the settle timeout. */
  private boolean settle() throws Exception {
    long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      String snapshot = writer.call("files", args("table", LAKEWARD_TABLE)).get("snapshot-id");
      JsonNode runtime = ams.runtime(DATABASE, LAKEWARD_TABLE);
      if (runtime != null && "IDLE".equals(runtime.path("status").asText())
          && snapshot.equals(runtime.path("evaluated-snapshot-id").asText())) {
        return true;
      }
      Thread.sleep(1000);
    }
    return false;
  }

  List<SideResult> icebergPhase() throws Exception {
    List<String> names = settings.variantNames();
    List<String> tables = new ArrayList<>();
    List<EngineProcess> rewriters = new ArrayList<>();
    try {
      for (int i = 0; i < names.size(); i++) {
        String table = "ingest_iceberg_" + (i + 1);
        tables.add(table);
        writer.call("create", args("table", table, "prop.self-optimizing.enabled", "false",
            "prop.write.target-file-size-bytes", settings.targetSize()));
        rewriters.add(EngineProcess.start("rewriter-" + (i + 1), settings.spark(), ams.restCatalogUri(),
            home.resolve("logs"), List.of()));
      }
      double[] cpuAtStart = new double[names.size()];
      for (int i = 0; i < names.size(); i++) {
        cpuAtStart[i] = seconds(rewriters.get(i).process().cpu());
      }
      AtomicInteger committed = new AtomicInteger();
      long start = System.nanoTime();
      List<List<CronRun>> runs = new ArrayList<>();
      List<Thread> crons = new ArrayList<>();
      List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < names.size(); i++) {
        List<CronRun> variantRuns = Collections.synchronizedList(new ArrayList<>());
        runs.add(variantRuns);
        EngineProcess rewriter = rewriters.get(i);
        String table = tables.get(i);
        Map<String, String> options = settings.icebergVariants().get(names.get(i));
        Thread cron = new Thread(() -> {
          try {
            cron(rewriter, table, options, committed, start, variantRuns);
          } catch (Exception e) {
            failures.add(e);
          }
        }, "cron-" + (i + 1));
        cron.start();
        crons.add(cron);
      }
      List<List<Sample>> samples = new ArrayList<>();
      List<List<Double>> commits = new ArrayList<>();
      names.forEach(n -> {
        samples.add(new ArrayList<>());
        commits.add(new ArrayList<>());
      });
      for (int batch = 1; batch <= settings.batches(); batch++) {
        pace(start, batch);
        for (int i = 0; i < tables.size(); i++) {
          commits.get(i).add(commit(tables.get(i), batch));
        }
        committed.set(batch);
        if (batch % settings.sampleEvery() == 0 || batch == settings.batches()) {
          for (int i = 0; i < tables.size(); i++) {
            samples.get(i).add(sample(tables.get(i), batch, seconds(rewriters.get(i).process().cpu()) - cpuAtStart[i],
                runs.get(i).size() + " rewrites done"));
            log.printf("  Iceberg (%s) after %d commits: %s%n", names.get(i), batch,
                samples.get(i).get(samples.get(i).size() - 1));
          }
        }
      }
      long written = System.nanoTime();
      List<SideResult> results = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        crons.get(i).join(settings.settleTimeout().toMillis());
        boolean done = !crons.get(i).isAlive();
        double catchUp = (System.nanoTime() - written) / 1e9;
        double cpu = seconds(rewriters.get(i).process().cpu()) - cpuAtStart[i];
        if (!failures.isEmpty()) {
          throw new IllegalStateException("Iceberg's rewrite failed", failures.get(0));
        }
        log.printf("  Iceberg (%s): %d rewrites, last one ended %.0f s after the last commit; rewriter CPU %.1f s%n",
            names.get(i), runs.get(i).size(), catchUp, cpu);
        results.add(finish("Iceberg (" + names.get(i) + ")", tables.get(i), cpu, 0, catchUp, done, samples.get(i),
            List.copyOf(runs.get(i)), commits.get(i)));
      }
      return results;
    } finally {
      for (EngineProcess rewriter : rewriters) {
        rewriter.close();
      }
    }
  }

  /** Runs Iceberg's rewrite after every N commits, and once after the last commit. */
  private void cron(EngineProcess rewriter, String table, Map<String, String> options, AtomicInteger committed,
      long start, List<CronRun> runs) throws Exception {
    Map<String, String> args = args("table", table, "strategy", "binpack", "target-size", settings.targetSize());
    options.forEach((k, v) -> args.put("opt." + k, v));
    int next = settings.rewriteEvery();
    while (true) {
      while (committed.get() < Math.min(next, settings.batches())) {
        Thread.sleep(20);
      }
      int at = committed.get();
      double startedAt = (System.nanoTime() - start) / 1e9;
      runs.add(new CronRun(at, startedAt, rewriter.call("iceberg-rewrite", args)));
      if (at >= settings.batches()) {
        return;
      }
      next = Math.min(settings.batches(), (at / settings.rewriteEvery() + 1) * settings.rewriteEvery());
    }
  }

  /** The same live rows, written once as right-sized files, for the query comparison. */
  Map<String, String> reference() throws Exception {
    return writer.call("reference", args("source", LAKEWARD_TABLE, "table", REFERENCE_TABLE,
        "target-size", settings.targetSize()));
  }

  Map<String, String> queries(List<String> tables) throws Exception {
    long keys = (long) settings.batches() * settings.inserts();
    String lookups = String.join(",", List.of("0", Long.toString(keys / 3), Long.toString(keys / 2 + 1),
        Long.toString(2 * keys / 3), Long.toString(keys - 1)));
    return writer.call("queries", args("tables", String.join(",", tables), "repeats", settings.queryRepeats(),
        "keys", lookups));
  }

  Map<String, String> verify(String table) throws Exception {
    return writer.call("verify-ingestion", args("table", table, "batches", settings.batches(),
        "inserts", settings.inserts(), "upserts", settings.upserts()));
  }

  private SideResult finish(String name, String table, double cpu, double amsCpu, double catchUp, boolean settled,
      List<Sample> samples, List<CronRun> runs, List<Double> commits) throws Exception {
    Map<String, String> history = writer.call("history", args("table", table));
    Map<String, String> files = writer.call("files", args("table", table));
    Map<String, String> verify = verify(table);
    if (!Boolean.parseBoolean(verify.get("match"))) {
      log.printf("  WRONG DATA in %s: %s%n", table, verify);
    }
    return new SideResult(name, table, cpu, amsCpu, catchUp, settled, history, files, verify, samples, runs, commits);
  }

  private double commit(String table, int batch) throws Exception {
    Map<String, String> reply = writer.call("batch", args("table", table, "batch", batch,
        "inserts", settings.inserts(), "upserts", settings.upserts()));
    return Double.parseDouble(reply.get("seconds"));
  }

  private Sample sample(String table, int batch, double cpu, String state) throws Exception {
    Map<String, String> files = writer.call("files", args("table", table));
    return new Sample(batch, Long.parseLong(files.get("data-files")), Long.parseLong(files.get("delete-files")),
        Long.parseLong(files.get("data-bytes")), cpu, state);
  }

  /** Batch n is due n-1 commit intervals after the start; a writer running late commits at once. */
  private void pace(long start, int batch) throws InterruptedException {
    long due = start + (batch - 1) * settings.commitInterval().toNanos();
    long wait = due - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  String optimizerDescription() {
    return launcher.describe();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  @Override
  public void close() throws Exception {
    if (optimizer != null) {
      optimizer.stop(Duration.ofSeconds(90));
    }
    if (writer != null) {
      writer.close();
    }
    if (ams != null) {
      ams.close();
    }
  }
}
