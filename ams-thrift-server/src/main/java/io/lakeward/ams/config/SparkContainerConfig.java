package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import io.lakeward.common.config.DataSize;
import java.util.Locale;
import java.util.Map;

/**
 * Keys under {@code containers.spark:}: {@code spark-submit} from an installed Spark against a
 * cluster manager. spark-home and master are required once a group uses this container.
 */
public record SparkContainerConfig(
    @JsonProperty("spark-home") String sparkHome,
    @JsonProperty("master") String master,
    @JsonProperty("deploy-mode") String deployMode,
    @JsonProperty("optimizer-jar") String optimizerJar,
    @JsonProperty("driver-memory") DataSize driverMemory,
    @JsonProperty("spark-conf") Map<String, String> sparkConf) {

  public static final String CLIENT = "client";
  public static final String CLUSTER = "cluster";
  private static final String PREFIX = "containers.spark.";

  public SparkContainerConfig {
    sparkHome = ContainersConfig.blankToNull(sparkHome);
    master = ContainersConfig.blankToNull(master);
    ConfigException.check(master == null || master.matches("(spark|k8s|mesos)://.+|yarn|local(\\[.+])?"),
        PREFIX + "master", "'%s' is not a Spark master (spark://host:7077, yarn, k8s://https://host:443)", master);
    deployMode = deployMode == null || deployMode.isBlank() ? CLIENT : deployMode.trim().toLowerCase(Locale.ROOT);
    ConfigException.check(deployMode.equals(CLIENT) || deployMode.equals(CLUSTER), PREFIX + "deploy-mode",
        "must be client or cluster, got '%s'", deployMode);
    optimizerJar = ContainersConfig.blankToNull(optimizerJar);
    driverMemory = driverMemory == null ? DataSize.ofMegabytes(1024) : driverMemory;
    ConfigException.check(driverMemory.bytes() >= 64L * 1024 * 1024, PREFIX + "driver-memory", "must be at least 64MB");
    sparkConf = ContainersConfig.sparkConf(PREFIX + "spark-conf", sparkConf);
  }

  public static SparkContainerConfig defaults() {
    return new SparkContainerConfig(null, null, null, null, null, null);
  }

  public boolean clusterMode() {
    return CLUSTER.equals(deployMode);
  }

  /** What is missing before a group can use this container; null when it is usable. */
  public String missingSetting() {
    if (sparkHome == null) {
      return PREFIX + "spark-home is not set in config.yaml";
    }
    if (master == null) {
      return PREFIX + "master is not set in config.yaml";
    }
    return null;
  }

  /** Spark settings may hold credentials (spark.hadoop.fs.s3a.secret.key): only their keys are shown. */
  @Override
  public String toString() {
    return "SparkContainerConfig[spark-home=" + sparkHome + ", master=" + master + ", deploy-mode=" + deployMode
        + ", optimizer-jar=" + optimizerJar + ", driver-memory=" + driverMemory + ", spark-conf keys=" + sparkConf.keySet()
        + "]";
  }
}
