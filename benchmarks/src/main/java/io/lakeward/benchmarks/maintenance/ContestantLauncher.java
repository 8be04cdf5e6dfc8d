package io.lakeward.benchmarks.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.benchmarks.spark.ChildProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts one contestant's JVM for one action on the table at the benchmark's table path and collects its
 * result: Lakeward's maintainer in a plain JVM with this JVM's class path and the heap under test, Iceberg's
 * Spark action in a Spark driver started by spark-submit. Both get the same cutoffs from the same "now".
 */
final class ContestantLauncher {
  static final String LAKEWARD = "Lakeward";
  static final String ICEBERG = "Iceberg";

  private final MaintenanceSettings settings;
  private final Path logs;
  private final PrintStream out;

  ContestantLauncher(MaintenanceSettings settings, Path logs, PrintStream out) throws IOException {
    this.settings = requireNonNull(settings, "settings is null");
    this.logs = Files.createDirectories(logs);
    this.out = requireNonNull(out, "out is null");
  }

  ActionRun run(String side, String action, GeneratedTable table) throws IOException, InterruptedException {
    String name = side.toLowerCase(java.util.Locale.ROOT) + "-" + action;
    Path result = logs.resolve(name + ".properties");
    Path log = logs.resolve(name + ".log");
    List<String> command = side.equals(LAKEWARD) ? lakeward(action, table, result) : iceberg(action, table, result);
    out.printf("  %s %s...%n", side, action);
    long started = System.nanoTime();
    ChildProcess child = ChildProcess.start(name, command, Map.of(), log, false);
    boolean ended = child.process().waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    double processSeconds = (System.nanoTime() - started) / 1e9;
    if (!ended) {
      child.stop(Duration.ofSeconds(30));
      return ActionRun.failed(side, action, "no result within " + settings.timeout(), processSeconds);
    }
    int exit = child.process().exitValue();
    // The log starts with the command line, a class path of some 200 jars: not worth repeating.
    String tail = child.tail(40).lines().filter(l -> !l.startsWith("$ ")).collect(Collectors.joining("\n"));
    if (Files.exists(result)) {
      ActionRun run = ActionRun.read(side, action, result, processSeconds);
      if (run.failure().isPresent()) {
        out.println(tail.indent(4));
      }
      return run;
    }
    out.println(tail.indent(4));
    return ActionRun.failed(side, action, reason(side, exit, tail, log), processSeconds);
  }

  /** Out of heap, the exception that ended the JVM, or its exit code. */
  private String reason(String side, int exit, String tail, Path log) {
    if (tail.contains("java.lang.OutOfMemoryError")) {
      return "out of heap (" + (side.equals(LAKEWARD) ? "-Xmx" + settings.heap() : "driver memory "
          + settings.spark().driverMemory()) + ")";
    }
    return tail.lines().filter(l -> l.startsWith("Exception in thread")).findFirst()
        .map(l -> l.substring(l.indexOf('"', l.indexOf('"') + 1) + 1).trim())
        .orElse("exit code " + exit + " without a result; see " + log);
  }

  private List<String> lakeward(String action, GeneratedTable table, Path result) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + settings.heap());
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(addOpens());
    command.addAll(settings.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LakewardMaintenanceMain.class.getName());
    command.addAll(common(action, table, result));
    if (action.equals(MaintenanceSettings.ORPHANS)) {
      command.add("prop.clean-orphan-file.enabled=true");
      command.add("prop.clean-orphan-file.min-existing-time-minutes=" + settings.orphanMinAge().toMinutes());
    } else {
      command.add("prop.table-expire.enabled=true");
      command.add("prop.snapshot.keep.duration=" + settings.keep().toMinutes() + "min");
      command.add("prop.snapshot.keep.min-count=" + settings.keepMinCount());
    }
    return command;
  }

  private List<String> iceberg(String action, GeneratedTable table, Path result) {
    List<String> command = new ArrayList<>(settings.spark().submit(List.of()));
    command.addAll(List.of("--driver-class-path",
        settings.spark().icebergRuntime() + ":" + settings.spark().benchmarksJar(),
        "--class", IcebergMaintenanceMain.class.getName(), settings.spark().benchmarksJar().toString()));
    command.addAll(common(action, table, result));
    long now = table.now().toEpochMilli();
    if (action.equals(MaintenanceSettings.ORPHANS)) {
      command.add("older-than=" + (now - settings.orphanMinAge().toMillis()));
    } else {
      command.add("expire-older-than=" + (now - settings.keep().toMillis()));
      command.add("retain-last=" + settings.keepMinCount());
    }
    return command;
  }

  private List<String> common(String action, GeneratedTable table, Path result) {
    return List.of("action=" + action, "pointer=" + table.pointer(), "file-io=" + settings.fileIo(),
        "now=" + table.now().toEpochMilli(), "result=" + result);
  }

  /** Hadoop on Java 17 wants the same opens as Spark; benchmarks/run.sh passes the root pom's list. */
  private static List<String> addOpens() {
    String opens = System.getProperty("bench.add-opens", "");
    return Arrays.stream(opens.trim().split("\\s+")).filter(s -> !s.isBlank()).toList();
  }
}
