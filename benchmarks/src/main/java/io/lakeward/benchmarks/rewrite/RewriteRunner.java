package io.lakeward.benchmarks.rewrite;

import static io.lakeward.benchmarks.spark.EngineProcess.args;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakeward.benchmarks.spark.AmsProcess;
import io.lakeward.benchmarks.spark.ChildProcess;
import io.lakeward.benchmarks.spark.CpuProfile;
import io.lakeward.benchmarks.spark.EngineProcess;
import io.lakeward.benchmarks.spark.OptimizerLauncher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the contestants of the rewrite benchmark on prepared tables: the AMS and the Lakeward Spark
 * optimizer (started and registered before anything is timed), and the Spark engine that generates
 * data, runs Iceberg's actions and the floor, and checks every result against the generator.
 */
final class RewriteRunner implements AutoCloseable {
  static final String GROUP = "bench";
  private static final String DATABASE = "db";
  /**
   * Short cadences of the AMS's rounds, so that what is timed is the work and not the AMS's waiting
   * between rounds; the optimizer timeouts (heartbeats, acks) stay at their defaults.
   */
  private static final String CADENCE_YAML = "  self-optimizing:\n    evaluation-interval: 1s\n    planning-interval: 1s\n"
      + "    supervision-interval: 1s\n";

  private final RewriteSettings settings;
  private final Path home;
  private final PrintStream log;
  private final OptimizerLauncher launcher;
  private final List<String> profileOptions;
  private final List<Window> windows = new ArrayList<>();
  private AmsProcess ams;
  private EngineProcess engine;
  private ChildProcess optimizer;
  private int optimizerStarts;
  /** The label of the case being run (its table prefix), for the profile windows. */
  private String label = "";

  /** A measured step, for the profile: which JVM did the work between which instants. */
  record Window(String label, Contestant contestant, Instant from, Instant to, Path recording) {}

  RewriteRunner(RewriteSettings settings, Path home, PrintStream log, OptimizerLauncher launcher,
      List<String> profileOptions) {
    this.settings = requireNonNull(settings, "settings is null");
    this.home = requireNonNull(home, "home is null");
    this.log = requireNonNull(log, "log is null");
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.profileOptions = List.copyOf(profileOptions);
  }

  void start() throws Exception {
    ams = AmsProcess.start(home.resolve("ams"), GROUP, "", CADENCE_YAML);
    ams.createInternalCatalog(home.resolve("warehouse"));
    engine = EngineProcess.start("engine", settings.spark(), ams.restCatalogUri(), home.resolve("logs"),
        profile("engine"));
    startOptimizer();
  }

  private List<String> profile(String name) {
    if (profileOptions.isEmpty()) {
      return List.of();
    }
    return List.of("-XX:StartFlightRecording=name=bench,settings=" + profileOptions.get(0));
  }

  private void startOptimizer() throws Exception {
    optimizerStarts++;
    Path logs = home.resolve("logs").resolve("optimizer-" + optimizerStarts);
    optimizer = launcher.start(ams.optimizingUri(), GROUP, settings.parallelism(), logs);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (ams.group(GROUP).path("threads").asInt() < settings.parallelism()) {
      if (!optimizer.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("The optimizer did not register:\n" + optimizer.tail(40));
      }
      Thread.sleep(200);
    }
  }

  /** The base table of every case: about {@code bytes} in {@code files} data files. */
  Map<String, String> generate(String table, long bytes, int files) throws Exception {
    return engine.call("generate", args("table", table, "bytes", bytes, "files", files,
        "target-size", settings.targetSize()));
  }

  /** A case's source table (the base itself for plain and sort) and the rows its tables must hold. */
  Map<String, String> derive(RewriteCase rewriteCase, String base, String table) throws Exception {
    label = table.substring(0, table.lastIndexOf('_'));
    return engine.call("derive", args("case", rewriteCase.id(), "base", base, "table", table,
        "permille", rewriteCase == RewriteCase.EQUALITY_DELETES ? settings.upsertPermille() : settings.deletePermille(),
        "upsert-batches", settings.upsertBatches()));
  }

  /**
   * Lakeward end to end: from the REST trigger of a FULL optimizing to the moment the committed
   * process is seen, with the optimizer already registered and idle. Every self-optimizing property
   * is the default except the target size (and max task size, equal to it), self-optimizing.enabled
   * (false, so nothing starts before the trigger; a requested optimizing runs anyway) and the quota
   * (all of the optimizer's slots, as the other contestants get all of Spark's cores).
   */
  ContestantRun lakeward(RewriteCase rewriteCase, String source, String table) throws Exception {
    long target = settings.targetSize();
    Map<String, String> prepared = engine.call("prepare", args("source", source, "table", table,
        "sorted", rewriteCase.sorted(), "prop.self-optimizing.enabled", "false", "prop.self-optimizing.group", GROUP,
        "prop.self-optimizing.target-size", target, "prop.self-optimizing.max-task-size-bytes", target,
        "prop.self-optimizing.quota", settings.parallelism(), "prop.write.target-file-size-bytes", target));
    ams.scan();
    long snapshot = Long.parseLong(prepared.get("snapshot-id"));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (JsonNode r = ams.runtime(DATABASE, table); r == null || r.path("evaluated-snapshot-id").asLong() != snapshot
        || !"IDLE".equals(r.path("status").asText()); r = ams.runtime(DATABASE, table)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The AMS did not evaluate " + table + " at its last snapshot: " + r);
      }
      Thread.sleep(200);
    }
    if (!optimizer.isAlive()) {
      log.println("  the optimizer is gone; starting another");
      startOptimizer();
    }
    double optimizerCpu = seconds(optimizer.cpu());
    double amsCpu = seconds(ams.process().cpu());
    Instant from = Instant.now();
    long start = System.nanoTime();
    ams.trigger(DATABASE, table, "FULL");
    JsonNode process = null;
    String failure = null;
    while (failure == null) {
      JsonNode list = ams.processes(DATABASE, table, 5);
      process = list.size() == 0 ? null : list.get(0);
      String status = process == null ? "" : process.path("status").asText();
      if (status.equals("SUCCESS")) {
        break;
      } else if (status.equals("FAILED") || status.equals("CANCELED")) {
        failure = "process " + status + ": " + process.path("fail-reason").asText();
      } else if (!optimizer.isAlive()) {
        failure = "the optimizer JVM ended (exit code " + optimizer.process().exitValue() + "): "
            + lastError(optimizer.tail(200));
      } else if (System.nanoTime() - start > settings.timeout().toNanos()) {
        failure = "did not finish within " + settings.timeout().toMinutes() + " min (" + progress(process) + ")";
      } else {
        Thread.sleep(100);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Instant to = Instant.now();
    window(Contestant.LAKEWARD, from, to, optimizer);
    Map<String, String> details = phases(process, from.toEpochMilli());
    if (failure != null) {
      if (process != null && !process.path("status").asText().matches("SUCCESS|FAILED|CANCELED")) {
        ams.cancel(process.path("process-id").asLong());
      }
      String log = optimizer.tail(2000);
      if (log.contains("OutOfMemoryError")) {
        failure += " (the optimizer JVM ran out of heap: java.lang.OutOfMemoryError in its log)";
        // A JVM past an OutOfMemoryError is not fit to measure anything else.
        optimizer.stop(Duration.ofSeconds(10));
        startOptimizer();
      }
      return ContestantRun.failed(Contestant.LAKEWARD, failure, seconds, details);
    }
    double cpu = seconds(optimizer.cpu()) - optimizerCpu;
    double amsCpuUsed = seconds(ams.process().cpu()) - amsCpu;
    return checked(Contestant.LAKEWARD, rewriteCase, table, seconds, cpu, amsCpuUsed, details);
  }

  /** Iceberg's RewriteDataFiles action on a copy of the source: bin-pack (or sort), every file, the same target size. */
  ContestantRun iceberg(RewriteCase rewriteCase, String source, String table) throws Exception {
    engine.call("prepare", args("source", source, "table", table, "sorted", rewriteCase.sorted(),
        "prop.self-optimizing.enabled", "false", "prop.write.target-file-size-bytes", settings.targetSize()));
    engine.call("gc", Map.of());
    Instant from = Instant.now();
    Map<String, String> result = engine.call("iceberg-rewrite", args("table", table,
        "strategy", rewriteCase.sorted() ? "sort" : "binpack", "target-size", settings.targetSize(),
        "opt.rewrite-all", "true"));
    window(Contestant.ICEBERG, from, Instant.now(), engine.process());
    Map<String, String> details = new LinkedHashMap<>(result);
    ContestantRun run = checked(Contestant.ICEBERG, rewriteCase, table, Double.parseDouble(result.get("seconds")),
        Double.parseDouble(result.get("cpu-seconds")), 0, details);
    if (run.ok() && rewriteCase.deletes()) {
      Map<String, String> dangling = engine.call("remove-dangling", args("table", table));
      Map<String, String> files = engine.call("files", args("table", table));
      details.put("dangling-seconds", dangling.get("seconds"));
      details.put("dangling-removed", dangling.get("removed-delete-files"));
      details.put("delete-files-after-dangling", files.get("delete-files"));
      run = new ContestantRun(run.contestant(), run.failure(), run.seconds(), run.cpuSeconds(), 0, run.after(), details);
    }
    return run;
  }

  /** The floor: Spark reads the source (deletes applied) and writes it again as right-sized files of a new table. */
  ContestantRun floor(RewriteCase rewriteCase, String source, String table) throws Exception {
    engine.call("gc", Map.of());
    Instant from = Instant.now();
    Map<String, String> result = engine.call("floor", args("source", source, "table", table,
        "target-size", settings.targetSize(), "sorted", rewriteCase.sorted()));
    window(Contestant.FLOOR, from, Instant.now(), engine.process());
    return checked(Contestant.FLOOR, rewriteCase, table, Double.parseDouble(result.get("seconds")),
        Double.parseDouble(result.get("cpu-seconds")), 0, Map.of());
  }

  /** The result of a run whose table now holds exactly the expected rows; a failed run when it does not. */
  private ContestantRun checked(Contestant contestant, RewriteCase rewriteCase, String table, double seconds, double cpu,
      double amsCpu, Map<String, String> details) throws Exception {
    Map<String, String> after = engine.call("verify", args("table", table, "case", rewriteCase.id()));
    if (!Boolean.parseBoolean(after.get("match"))) {
      String reason = String.format(Locale.ROOT, "WRONG DATA: %s rows (checksum %s) where %s rows (checksum %s) were "
          + "expected", after.get("rows"), after.get("checksum"), after.get("expected-rows"), after.get("expected-checksum"));
      log.println("  " + contestant.title() + ": " + reason);
      return new ContestantRun(contestant, java.util.Optional.of(reason), seconds, cpu, amsCpu, after, details);
    }
    return new ContestantRun(contestant, java.util.Optional.empty(), seconds, cpu, amsCpu, after, details);
  }

  void drop(List<String> tables) throws Exception {
    engine.call("drop", args("tables", String.join(",", tables)));
  }

  /**
   * Records a measured step for the profile; in profile runs the JVM's flight recording is dumped right
   * away (untimed), so a JVM that fails later does not take the earlier steps' samples with it.
   */
  private void window(Contestant contestant, Instant from, Instant to, ChildProcess jvm) throws Exception {
    if (profileOptions.isEmpty()) {
      return;
    }
    Path file = home.resolve("logs").resolve(label + "-" + contestant.name().toLowerCase(java.util.Locale.ROOT) + ".jfr");
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(jvm.pid()), "JFR.dump", "name=bench", "filename=" + file)
        .redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes());
    if (jcmd.waitFor() != 0 || !Files.exists(file)) {
      log.println("  cannot dump the flight recording of " + jvm.name() + ": " + output.lines().findFirst().orElse(""));
    }
    windows.add(new Window(label, contestant, from, to, file));
  }

  /** Where the optimizer's or the engine's CPU samples fell during each measured step (profile runs only). */
  Map<Window, String> profiles() throws Exception {
    Map<Window, String> out = new LinkedHashMap<>();
    for (Window window : windows) {
      out.put(window, CpuProfile.describe(CpuProfile.categorize(window.recording(), window.from(), window.to())));
    }
    return out;
  }

  /** Lakeward's phases, from the process and its tasks as the AMS recorded them (AMS clock, same machine). */
  private static Map<String, String> phases(JsonNode process, long triggeredAt) {
    Map<String, String> out = new LinkedHashMap<>();
    if (process == null) {
      return out;
    }
    long created = process.path("created-at").asLong();
    long ended = process.path("ended-at").asLong(0);
    long firstScheduled = Long.MAX_VALUE;
    long lastEnded = 0;
    long taskMillis = 0;
    int tasks = 0;
    for (JsonNode task : process.path("tasks")) {
      tasks++;
      firstScheduled = Math.min(firstScheduled, task.path("scheduled-at").asLong(Long.MAX_VALUE));
      lastEnded = Math.max(lastEnded, task.path("ended-at").asLong(0));
      taskMillis += task.path("duration-ms").asLong(0);
    }
    out.put("process-id", process.path("process-id").asText());
    out.put("tasks", Integer.toString(tasks));
    out.put("input-files", process.path("input-files").asText());
    out.put("input-delete-files", process.path("input-delete-files").asText());
    out.put("plan-ms", Long.toString(created - triggeredAt));
    if (firstScheduled != Long.MAX_VALUE) {
      out.put("wait-ms", Long.toString(firstScheduled - created));
    }
    if (lastEnded > 0 && firstScheduled != Long.MAX_VALUE) {
      out.put("execute-ms", Long.toString(lastEnded - firstScheduled));
      out.put("task-ms-sum", Long.toString(taskMillis));
    }
    if (ended > 0 && lastEnded > 0) {
      out.put("commit-ms", Long.toString(ended - lastEnded));
    }
    return out;
  }

  private static String progress(JsonNode process) {
    if (process == null) {
      return "not planned";
    }
    int done = 0;
    int all = 0;
    for (JsonNode task : process.path("tasks")) {
      all++;
      done += "SUCCESS".equals(task.path("status").asText()) ? 1 : 0;
    }
    return done + " of " + all + " tasks done";
  }

  private static String lastError(String tail) {
    List<String> lines = tail.lines().filter(l -> l.contains("Error") || l.contains("Exception")).toList();
    return lines.isEmpty() ? "no error logged" : lines.get(0).trim();
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  String optimizerDescription() {
    return launcher.describe();
  }

  @Override
  public void close() throws Exception {
    if (optimizer != null) {
      optimizer.stop(Duration.ofSeconds(90));
    }
    if (engine != null) {
      engine.close();
    }
    if (ams != null) {
      ams.close();
    }
  }
}
