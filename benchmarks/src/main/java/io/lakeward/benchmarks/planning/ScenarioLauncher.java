package io.lakeward.benchmarks.planning;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link ScenarioProcess} in a child JVM with this JVM's java and class path, the heap limit
 * under test and {@code -XX:+ExitOnOutOfMemoryError}, so that running out of heap ends the scenario
 * at once instead of leaving a half-working JVM to measure.
 */
final class ScenarioLauncher {
  private final PlanningSettings settings;
  private final Path work;
  private final PrintStream log;

  ScenarioLauncher(PlanningSettings settings, Path work, PrintStream log) throws IOException {
    this.settings = requireNonNull(settings, "settings is null");
    this.work = Files.createDirectories(requireNonNull(work, "work is null"));
    this.log = requireNonNull(log, "log is null");
  }

  ScenarioResult run(Scenario scenario, String side) throws IOException, InterruptedException {
    String name = scenario.id() + "-" + side;
    Path result = work.resolve(name + ".properties");
    Path stderr = work.resolve(name + ".stderr");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + settings.heap());
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(settings.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScenarioProcess.class.getName());
    command.add("side=" + side);
    command.add("kind=" + scenario.kind());
    command.add("tables=" + scenario.tables());
    command.add("result=" + result);
    command.add("warmups=" + (scenario.isGroup() ? settings.tableWarmUps() : settings.warmUps()));
    command.add("repeats=" + (scenario.isGroup() ? settings.tableRepeats() : settings.repeats()));
    command.add("counts=" + PlanningBenchmark.counts(settings.tableCounts()));
    log.printf("%s on %s (-Xmx%s)%n", scenario.title(), side, settings.heap());
    Process process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(stderr.toFile())
        .start();
    int exit = process.waitFor();
    String errors = Files.readString(stderr);
    if (!errors.isBlank()) {
      log.print(errors.indent(4));
    }
    if (exit != 0 || !Files.exists(result)) {
      String reason = errors.contains("OutOfMemoryError")
          ? "out of heap at -Xmx" + settings.heap() + " (" + lastLine(errors, "OutOfMemoryError") + ")"
          : "exit code " + exit + (errors.isBlank() ? "" : ": " + lastLine(errors, ""));
      log.println("  failed: " + reason);
      return ScenarioResult.failed(reason);
    }
    return ScenarioResult.read(result);
  }

  private static String lastLine(String text, String containing) {
    List<String> lines = text.lines().filter(l -> l.contains(containing) && !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
  }
}
