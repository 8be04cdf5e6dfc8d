package io.lakeward.optimizer.spark;

import io.lakeward.optimizer.runtime.Optimizer;
import io.lakeward.optimizer.runtime.OptimizerSettings;
import io.lakeward.optimizer.runtime.ThriftOptimizingClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark optimizer application (submitted with spark-submit, by the AMS's containers or by
 * hand). The driver is an {@link Optimizer} whose execution threads poll tasks from the AMS and run
 * each as a Spark job on the executors ({@link SparkTaskRewriter}).
 *
 * <p>It exits with status 0 after {@code --idle-exit-seconds} without a task, and after SIGTERM: a
 * stop lets running tasks finish within the grace period, then cancels their Spark jobs and reports
 * them as failed so the AMS runs them again elsewhere.
 */
public final class SparkOptimizer {
  private static final Logger LOG = LoggerFactory.getLogger(SparkOptimizer.class);
  /**
   * Ahead of Spark's own shutdown hook (which stops the Spark context, failing every running job):
   * Hadoop's shutdown hook manager runs higher priorities first, and Spark registers at 30 and 50.
   */
  private static final int SHUTDOWN_PRIORITY = 100;

  private SparkOptimizer() {
  }

  public static void main(String[] args) {
    System.exit(SparkOptimizerCommand.execute(SparkOptimizer::run, args));
  }

  /** The memory of one executor, from the Spark properties of this application, in MB. */
  static int executorMemoryMb(Map<String, String> conf) {
    SparkConf sparkConf = new SparkConf();
    conf.forEach(sparkConf::set);
    return (int) Math.min(Integer.MAX_VALUE, sparkConf.getSizeAsMb("spark.executor.memory", "1g"));
  }

  static int run(SparkOptimizerSettings sparkSettings) {
    OptimizerSettings settings = sparkSettings.optimizer();
    SparkConf sparkConf = new SparkConf();
    sparkSettings.sparkConf().forEach(sparkConf::set);
    sparkConf.setIfMissing("spark.app.name", "lakeward-optimizer-" + settings.group());
    // Tasks of different slots are concurrent jobs: share the executors fairly between them.
    sparkConf.setIfMissing("spark.scheduler.mode", "FAIR");
    // Executors log which rewrite each Spark task belongs to (and hold tasks for fault tests).
    sparkConf.set("spark.plugins", RewriteTaskHooks.withPlugin(sparkConf.get("spark.plugins", "")));
    JavaSparkContext spark = new JavaSparkContext(sparkConf);
    // Running tasks still write during a graceful stop; Hadoop must not close the file systems under them.
    spark.hadoopConfiguration().setBoolean("fs.automatic.close", false);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("optimizer-type", "spark");
    properties.put("spark.app.id", spark.sc().applicationId());
    properties.put("spark.master", spark.master());
    if (spark.sc().uiWebUrl().isDefined()) {
      properties.put("spark.ui.url", spark.sc().uiWebUrl().get());
    }
    Optimizer optimizer = new Optimizer(settings, new ThriftOptimizingClient(settings.ams(), settings.callTimeout()),
        new SparkTaskRewriter(spark, sparkSettings.taskTimeout()), properties);
    long stopTimeoutSeconds = settings.gracePeriod().plus(settings.callTimeout().multipliedBy(3)).toSeconds() + 30;
    ShutdownHookManager.get().addShutdownHook(() -> {
      if (optimizer.awaitStopped(Duration.ZERO)) {
        // The JVM ends after an idle exit: nothing left to stop, and the exit status stands.
        return;
      }
      LOG.info("Asked to stop (SIGTERM)");
      optimizer.stop();
      spark.stop();
      // A graceful stop is a success: exit 0 rather than the 143 of a JVM ended by SIGTERM.
      Runtime.getRuntime().halt(0);
    }, SHUTDOWN_PRIORITY, stopTimeoutSeconds, TimeUnit.SECONDS);
    LOG.info("Spark optimizer {} for group {} on {} with {} slots", spark.sc().applicationId(), settings.group(),
        spark.master(), settings.threads());
    optimizer.start();
    optimizer.awaitStopped(Duration.ofDays(36500));
    LOG.info("Spark optimizer {} ends{}", spark.sc().applicationId(), optimizer.idleExited() ? " after its idle time" : "");
    spark.stop();
    return 0;
  }
}
