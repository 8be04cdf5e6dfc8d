package io.lakeward.optimizer.standalone;

import io.lakeward.optimizer.rewrite.RewriteExecutor;
import io.lakeward.optimizer.runtime.Optimizer;
import io.lakeward.optimizer.runtime.OptimizerSettings;
import io.lakeward.optimizer.runtime.ThriftOptimizingClient;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The standalone optimizer: an {@link Optimizer} in a plain JVM whose threads rewrite tasks
 * themselves ({@code sbin/optimizer.sh start}). SIGTERM stops it gracefully and it exits with
 * status 0, as it does after an idle exit.
 */
public final class StandaloneOptimizer {
  /** Log4j2 configuration in this jar, used unless -Dlog4j2.configurationFile names another. */
  static final String LOG_CONFIGURATION = "lakeward-optimizer-log4j2.xml";

  private StandaloneOptimizer() {
  }

  public static void main(String[] args) {
    int exitCode = OptimizerCommand.execute(StandaloneOptimizer::runUntilStopped, args);
    System.exit(exitCode);
  }

  /** Runs an optimizer until the JVM is asked to shut down or it exits on idle. */
  static int runUntilStopped(OptimizerSettings settings) {
    // Set before the first logger exists: the configuration is chosen when logging starts.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
    }
    if (System.getProperty("lakeward.optimizer.group") == null) {
      System.setProperty("lakeward.optimizer.group", settings.group());
    }
    Configuration hadoopConf = new Configuration();
    // Running tasks still write during a graceful stop; Hadoop must not close the file systems under them.
    hadoopConf.setBoolean("fs.automatic.close", false);
    Optimizer optimizer = new Optimizer(settings, new ThriftOptimizingClient(settings.ams(), settings.callTimeout()),
        new RewriteExecutor(hadoopConf), Map.of("optimizer-type", "standalone"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      optimizer.stop();
      // A graceful stop is a success: exit 0 rather than the 143 of a JVM ended by SIGTERM.
      Runtime.getRuntime().halt(0);
    }, "lakeward-optimizer-shutdown"));
    optimizer.start();
    optimizer.awaitStopped(Duration.ofDays(36500));
    return 0;
  }
}
