package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import io.lakeward.common.config.DataSize;
import java.util.Map;

/**
 * Keys under {@code containers.local:}: the embedded container, which runs the Spark optimizer as a
 * child JVM of the AMS with {@code --master local[<parallelism>]}, from the Spark jars the build
 * assembles. Empty paths mean the build output under the AMS home.
 */
public record LocalContainerConfig(
    @JsonProperty("spark-home") String sparkHome,
    @JsonProperty("optimizer-jar") String optimizerJar,
    @JsonProperty("driver-memory") DataSize driverMemory,
    @JsonProperty("spark-conf") Map<String, String> sparkConf) {

  private static final String PREFIX = "containers.local.";

  public LocalContainerConfig {
    sparkHome = ContainersConfig.blankToNull(sparkHome);
    optimizerJar = ContainersConfig.blankToNull(optimizerJar);
    driverMemory = driverMemory == null ? DataSize.ofMegabytes(1024) : driverMemory;
    ConfigException.check(driverMemory.bytes() >= 64L * 1024 * 1024, PREFIX + "driver-memory", "must be at least 64MB");
    sparkConf = ContainersConfig.sparkConf(PREFIX + "spark-conf", sparkConf);
  }

  public static LocalContainerConfig defaults() {
    return new LocalContainerConfig(null, null, null, null);
  }

  /** Spark settings may hold credentials (spark.hadoop.fs.s3a.secret.key): only their keys are shown. */
  @Override
  public String toString() {
    return "LocalContainerConfig[spark-home=" + sparkHome + ", optimizer-jar=" + optimizerJar + ", driver-memory="
        + driverMemory + ", spark-conf keys=" + sparkConf.keySet() + "]";
  }
}
