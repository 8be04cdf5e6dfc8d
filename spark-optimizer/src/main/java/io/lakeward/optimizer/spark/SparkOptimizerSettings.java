package io.lakeward.optimizer.spark;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import io.lakeward.optimizer.runtime.OptimizerSettings;
import java.time.Duration;
import java.util.Map;

/**
 * How the Spark optimizer runs, validated when built.
 *
 * @param optimizer what every optimizer has: the AMS, group, slots (parallelism), timeouts
 * @param sparkConf Spark properties the application sets before its Spark context starts
 * @param taskTimeout how long one task's Spark job may run, Spark's retries included, before it is
 *     cancelled and reported as failed
 */
public record SparkOptimizerSettings(OptimizerSettings optimizer, Map<String, String> sparkConf, Duration taskTimeout) {
  public SparkOptimizerSettings {
    checkArgument(optimizer != null, "Invalid Spark optimizer settings: missing optimizer settings");
    sparkConf = Map.copyOf(sparkConf == null ? Map.of() : sparkConf);
    sparkConf.keySet().forEach(key -> checkArgument(key.startsWith("spark."),
        "Invalid --conf '%s': expected spark.<key>=<value>", key));
    checkArgument(taskTimeout != null && !taskTimeout.isNegative() && !taskTimeout.isZero(),
        "Invalid task timeout: %s (must be positive)", taskTimeout);
  }
}
