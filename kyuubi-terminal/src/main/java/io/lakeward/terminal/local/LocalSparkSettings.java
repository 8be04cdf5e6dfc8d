package io.lakeward.terminal.local;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the local backend runs its Spark Thrift Server: the folders of jars on its class path (Spark's
 * own and the terminal's additions), {@code local[parallelism]}, the driver heap, how long start-up
 * may take, extra Spark settings, where its output goes and the Java that runs it.
 */
public record LocalSparkSettings(
    Path sparkJars,
    Path terminalJars,
    int parallelism,
    long driverMemoryBytes,
    Duration startTimeout,
    Map<String, String> sparkConf,
    Path logFile,
    Path java) {

  public LocalSparkSettings {
    requireNonNull(sparkJars, "sparkJars is null");
    requireNonNull(terminalJars, "terminalJars is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("Invalid parallelism: " + parallelism);
    }
    requireNonNull(startTimeout, "startTimeout is null");
    sparkConf = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(sparkConf, "sparkConf is null")));
    requireNonNull(logFile, "logFile is null");
    requireNonNull(java, "java is null");
  }

  /** Spark settings may hold credentials: only their keys are shown. */
  @Override
  public String toString() {
    return "LocalSparkSettings[spark-jars=" + sparkJars + ", terminal-jars=" + terminalJars + ", parallelism="
        + parallelism + ", driver-memory=" + driverMemoryBytes + ", spark-conf keys=" + sparkConf.keySet() + "]";
  }
}
