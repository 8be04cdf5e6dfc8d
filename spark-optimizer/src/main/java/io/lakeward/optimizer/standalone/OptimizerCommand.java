package io.lakeward.optimizer.standalone;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.optimizer.runtime.OptimizerOptions;
import io.lakeward.optimizer.runtime.OptimizerSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The standalone optimizer's command line. Bad arguments end with one line naming the problem, the
 * usage, and exit status 2; valid ones become {@link OptimizerSettings} for the runner.
 */
@Command(name = "optimizer", sortOptions = false,
    description = "Runs a Lakeward optimizer in this JVM: registers with the AMS, polls optimizing tasks of one group and executes them.")
public final class OptimizerCommand implements Callable<Integer> {
  private final ToIntFunction<OptimizerSettings> runner;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  @Mixin
  private OptimizerOptions options;

  @Option(names = {"-p", "--threads"}, required = true, paramLabel = "threads",
      description = "Execution threads; each runs one task at a time.")
  private int threads;

  @Option(names = {"-m", "--memory-mb"}, paramLabel = "MB",
      description = "Memory reported to the AMS (default: this JVM's max heap). sbin/optimizer.sh also sets the heap to it.")
  private Integer memoryMb;

  public OptimizerCommand(ToIntFunction<OptimizerSettings> runner) {
    this.runner = requireNonNull(runner, "runner is null");
  }

  /** Parses the arguments and runs; returns the exit status (2 for bad arguments). */
  public static int execute(ToIntFunction<OptimizerSettings> runner, String... args) {
    return new CommandLine(new OptimizerCommand(runner)).execute(args);
  }

  static int execute(ToIntFunction<OptimizerSettings> runner, PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new OptimizerCommand(runner)).setOut(out).setErr(err).execute(args);
  }

  @Override
  public Integer call() {
    OptimizerSettings settings;
    try {
      long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
      settings = options.settings(threads, memoryMb == null ? (int) Math.min(Integer.MAX_VALUE, maxHeapMb) : memoryMb);
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return runner.applyAsInt(settings);
  }
}
