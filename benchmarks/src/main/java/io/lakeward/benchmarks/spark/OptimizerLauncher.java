package io.lakeward.benchmarks.spark;

import java.nio.file.Path;

/**
 * How a benchmark gets a Lakeward optimizer serving a group. Today the benchmark starts it
 * ({@link SparkSubmitOptimizer}); once the AMS launches optimizers of a group itself, an
 * implementation that asks the AMS for one (and finds its process) takes this place.
 */
public interface OptimizerLauncher {
  /**
   * Starts an optimizer for {@code group} with {@code parallelism} task slots, registered with the
   * AMS at {@code amsOptimizingUri}; it logs under {@code logDir}. Returns once the process runs,
   * not once it has registered.
   */
  ChildProcess start(String amsOptimizingUri, String group, int parallelism, Path logDir) throws Exception;

  /** What is started, for the report. */
  String describe();
}
