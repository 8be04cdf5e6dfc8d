package io.lakeward.benchmarks.spark;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lakeward's Spark optimizer application ({@code io.lakeward.optimizer.spark.SparkOptimizer}),
 * started with spark-submit on the benchmark's {@link SparkSetup}: one Spark application whose driver
 * polls the group's tasks and runs each as a one-task Spark job. The spark-submit script execs the
 * driver JVM, so the child's pid (and CPU time) is the optimizer's.
 */
public final class SparkSubmitOptimizer implements OptimizerLauncher {
  private final SparkSetup spark;
  private final String pollInterval;
  private final List<String> driverJavaOptions;

  public SparkSubmitOptimizer(SparkSetup spark, String pollInterval, List<String> driverJavaOptions) {
    this.spark = requireNonNull(spark, "spark is null");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    this.driverJavaOptions = List.copyOf(driverJavaOptions);
  }

  @Override
  public ChildProcess start(String amsOptimizingUri, String group, int parallelism, Path logDir) throws Exception {
    List<String> command = new ArrayList<>(spark.submit(driverJavaOptions));
    command.addAll(List.of("--class", "io.lakeward.optimizer.spark.SparkOptimizer", spark.optimizerJar().toString(),
        "--ams", amsOptimizingUri, "--group", group, "--parallelism", Integer.toString(parallelism),
        "--poll-interval", pollInterval));
    return ChildProcess.start("optimizer", command, Map.of(), logDir.resolve("optimizer.log"), false);
  }

  @Override
  public String describe() {
    return "Lakeward's Spark optimizer (" + spark.optimizerJar().getFileName() + ", " + spark.describe()
        + ", --poll-interval " + pollInterval + ")";
  }
}
