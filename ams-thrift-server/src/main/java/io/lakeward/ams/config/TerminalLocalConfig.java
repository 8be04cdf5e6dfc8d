package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import io.lakeward.common.config.DataSize;
import java.time.Duration;
import java.util.Map;

/**
 * Keys under {@code ams.terminal.local:}: the Spark Thrift Server the local backend runs as a child JVM
 * of the AMS. Empty paths mean the build output under the AMS home.
 */
public record TerminalLocalConfig(
    @JsonProperty("spark-home") String sparkHome,
    @JsonProperty("jars") String jars,
    @JsonProperty("parallelism") Integer parallelism,
    @JsonProperty("driver-memory") DataSize driverMemory,
    @JsonProperty("start-timeout") Duration startTimeout,
    @JsonProperty("spark-conf") Map<String, String> sparkConf) {

  /** Where the build puts the server's jars beyond Spark's own, relative to LAKEWARD_HOME. */
  public static final String DEFAULT_JARS = "terminal-spark/target/terminal-spark/jars";
  private static final String PREFIX = "ams.terminal.local.";

  public TerminalLocalConfig {
    sparkHome = ContainersConfig.blankToNull(sparkHome);
    jars = ContainersConfig.blankToNull(jars);
    parallelism = parallelism == null ? 2 : parallelism;
    ConfigException.check(parallelism >= 1 && parallelism <= 256, PREFIX + "parallelism",
        "must be between 1 and 256, got %s", parallelism);
    driverMemory = driverMemory == null ? DataSize.ofMegabytes(1024) : driverMemory;
    ConfigException.check(driverMemory.bytes() >= 512L * 1024 * 1024, PREFIX + "driver-memory",
        "must be at least 512MB (Spark refuses less)");
    startTimeout = startTimeout == null ? Duration.ofMinutes(3) : startTimeout;
    ConfigException.check(startTimeout.toMillis() >= 1000, PREFIX + "start-timeout", "must be at least 1s");
    sparkConf = ContainersConfig.sparkConf(PREFIX + "spark-conf", sparkConf);
  }

  public static TerminalLocalConfig defaults() {
    return new TerminalLocalConfig(null, null, null, null, null, null);
  }

  /** Spark settings may hold credentials: only their keys are shown. */
  @Override
  public String toString() {
    return "TerminalLocalConfig[spark-home=" + sparkHome + ", jars=" + jars + ", parallelism=" + parallelism
        + ", driver-memory=" + driverMemory + ", start-timeout=" + startTimeout + ", spark-conf keys="
        + sparkConf.keySet() + "]";
  }
}
