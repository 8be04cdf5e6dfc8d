package io.lakeward.ams.optimizer.container;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.common.config.DataSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What to launch: one Spark optimizer application for a group, and where its output goes.
 *
 * @param sparkConf the group's Spark settings (its spark-conf.* properties); they override the container's
 * @param driverMemory the group's driver-memory, overriding the container's; null for the container's
 * @param gracePeriod how long the application lets running tasks finish when it is stopped (SIGTERM);
 *     shorter than the AMS waits before it sends SIGKILL, so tasks it cannot finish are returned
 */
public record LaunchRequest(
    long applicationId,
    String resourceId,
    String group,
    int parallelism,
    long idleExitSeconds,
    String amsUri,
    Duration heartbeatInterval,
    DataSize driverMemory,
    Map<String, String> sparkConf,
    Path logFile,
    Duration gracePeriod) {

  /** Main class of the Spark optimizer application in the optimizer jar. */
  public static final String OPTIMIZER_MAIN_CLASS = "io.lakeward.optimizer.spark.SparkOptimizer";

  public LaunchRequest {
    requireNonNull(resourceId, "resourceId is null");
    requireNonNull(group, "group is null");
    requireNonNull(amsUri, "amsUri is null");
    requireNonNull(heartbeatInterval, "heartbeatInterval is null");
    requireNonNull(logFile, "logFile is null");
    requireNonNull(gracePeriod, "gracePeriod is null");
    checkArgument(parallelism > 0, "Invalid parallelism: %s", parallelism);
    checkArgument(idleExitSeconds >= 0, "Invalid idle exit: %s s", idleExitSeconds);
    sparkConf = sparkConf == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(sparkConf));
  }

  /** The Spark application name: lakeward-optimizer-<group>-<id>, with the group reduced to safe characters. */
  public String applicationName() {
    return "lakeward-optimizer-" + safeName(group) + "-" + applicationId;
  }

  public Optional<DataSize> groupDriverMemory() {
    return Optional.ofNullable(driverMemory);
  }

  /** The arguments of the optimizer application itself (after the jar on the spark-submit line). */
  public List<String> optimizerArguments() {
    List<String> args = new ArrayList<>();
    args.add("--ams");
    args.add(amsUri);
    args.add("--group");
    args.add(group);
    args.add("--parallelism");
    args.add(String.valueOf(parallelism));
    args.add("--heartbeat-interval");
    args.add(seconds(heartbeatInterval));
    args.add("--idle-exit-seconds");
    args.add(String.valueOf(idleExitSeconds));
    args.add("--resource-id");
    args.add(resourceId);
    args.add("--grace-period");
    args.add(seconds(gracePeriod));
    return args;
  }

  /** A group name as file and application names may hold it. */
  public static String safeName(String group) {
    return group.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
  }
}
