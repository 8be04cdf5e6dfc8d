package io.lakeward.optimizer.spark;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.optimizer.runtime.OptimizerOptions;
import io.lakeward.optimizer.runtime.OptimizerSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The Spark optimizer's command line (the application arguments after the jar in spark-submit).
 * Bad arguments end with one line naming the problem, the usage, and exit status 2.
 */
@Command(name = "lakeward-spark-optimizer", sortOptions = false,
    description = "Runs a Lakeward optimizer as a Spark application: the driver polls optimizing tasks of one group "
        + "from the AMS and runs each as a Spark job on the executors.")
public final class SparkOptimizerCommand implements Callable<Integer> {
  private final ToIntFunction<SparkOptimizerSettings> runner;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help and exits.")
  private boolean help;

  @Mixin
  private OptimizerOptions options;

  @Option(names = {"-p", "--parallelism"}, required = true, paramLabel = "N",
      description = "Tasks run at once, each as one Spark job; size the executors' cores to match.")
  private int parallelism;

  @Option(names = "--conf", paramLabel = "spark.key=value",
      description = "A Spark property for the application, applied before the Spark context starts (repeatable).")
  private List<String> sparkConf = List.of();

  @Option(names = "--task-timeout", defaultValue = "1h", paramLabel = "duration", converter = OptimizerOptions.DurationConverter.class,
      description = "How long one task's Spark job may run (Spark's retries included) before it is cancelled and "
          + "reported as failed (default: ${DEFAULT-VALUE}).")
  private Duration taskTimeout;

  public SparkOptimizerCommand(ToIntFunction<SparkOptimizerSettings> runner) {
    this.runner = requireNonNull(runner, "runner is null");
  }

  public static int execute(ToIntFunction<SparkOptimizerSettings> runner, String... args) {
    return new CommandLine(new SparkOptimizerCommand(runner)).execute(args);
  }

  static int execute(ToIntFunction<SparkOptimizerSettings> runner, PrintWriter out, PrintWriter err,
      String... args) {
    return new CommandLine(new SparkOptimizerCommand(runner)).setOut(out).setErr(err).execute(args);
  }

  @Override
  public Integer call() {
    SparkOptimizerSettings settings;
    Map<String, String> conf = new LinkedHashMap<>();
    try {
      for (String entry : sparkConf) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
          throw new InvalidInputException(ErrorCode.INVALID_INPUT,
              "Invalid --conf '" + entry + "': expected spark.<key>=<value>");
        }
        conf.put(entry.substring(0, equals), entry.substring(equals + 1));
      }
      // The memory a task may use is an executor's: that is what the AMS learns about.
      OptimizerSettings optimizer = options.settings(parallelism, SparkOptimizer.executorMemoryMb(conf));
      settings = new SparkOptimizerSettings(optimizer, conf, taskTimeout);
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return runner.applyAsInt(settings);
  }
}
