package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keys under {@code ams.optimizer:}: how the AMS treats registered optimizers, and how it launches
 * optimizer applications for groups whose container is local or spark.
 */
public record OptimizerConfig(
    @JsonProperty("heartbeat-interval") Duration heartbeatInterval,
    @JsonProperty("heartbeat-timeout") Duration heartbeatTimeout,
    @JsonProperty("task-ack-timeout") Duration taskAckTimeout,
    @JsonProperty("task-execute-timeout") Duration taskExecuteTimeout,
    @JsonProperty("groups") String groups,
    @JsonProperty("default-container") String defaultContainer,
    @JsonProperty("container-check-interval") Duration containerCheckInterval,
    @JsonProperty("application-start-timeout") Duration applicationStartTimeout,
    @JsonProperty("application-stop-timeout") Duration applicationStopTimeout,
    @JsonProperty("launch-backoff") Duration launchBackoff) {

  public static final String LOCAL = "local";
  public static final String SPARK = "spark";
  public static final String EXTERNAL = "external";
  /** The containers config.yaml can name; tests may plug in more. */
  public static final Set<String> CONTAINERS = Set.of(LOCAL, SPARK, EXTERNAL);
  private static final String PREFIX = "ams.optimizer.";

  public OptimizerConfig {
    heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(10) : heartbeatInterval;
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(60) : heartbeatTimeout;
    groups = groups == null || groups.isBlank() ? "default" : groups.trim();
    ConfigException.check(groupNames(groups).stream().allMatch(g -> g.matches("[A-Za-z0-9_.-]{1,128}")),
        PREFIX + "groups", "must be a comma-separated list of group names, got '%s'", groups);
    taskAckTimeout = taskAckTimeout == null ? Duration.ofSeconds(30) : taskAckTimeout;
    taskExecuteTimeout = taskExecuteTimeout == null ? Duration.ofHours(1) : taskExecuteTimeout;
    positive(PREFIX + "task-ack-timeout", taskAckTimeout);
    positive(PREFIX + "task-execute-timeout", taskExecuteTimeout);
    ConfigException.check(!heartbeatInterval.isZero(), PREFIX + "heartbeat-interval", "must be positive");
    ConfigException.check(heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
        PREFIX + "heartbeat-timeout", "must be at least twice ams.optimizer.heartbeat-interval");
    defaultContainer = defaultContainer == null || defaultContainer.isBlank() ? LOCAL
        : defaultContainer.trim().toLowerCase(Locale.ROOT);
    ConfigException.check(CONTAINERS.contains(defaultContainer), PREFIX + "default-container",
        "must be local, spark or external, got '%s'", defaultContainer);
    containerCheckInterval = containerCheckInterval == null ? Duration.ofSeconds(5) : containerCheckInterval;
    ConfigException.check(containerCheckInterval.toMillis() >= 100, PREFIX + "container-check-interval",
        "must be at least 100ms");
    applicationStartTimeout = applicationStartTimeout == null ? Duration.ofMinutes(5) : applicationStartTimeout;
    ConfigException.check(applicationStartTimeout.toMillis() >= 1000, PREFIX + "application-start-timeout",
        "must be at least 1s");
    applicationStopTimeout = applicationStopTimeout == null ? Duration.ofSeconds(30) : applicationStopTimeout;
    positive(PREFIX + "application-stop-timeout", applicationStopTimeout);
    launchBackoff = launchBackoff == null ? Duration.ofSeconds(30) : launchBackoff;
    positive(PREFIX + "launch-backoff", launchBackoff);
  }

  /** The optimizer groups config.yaml declares; the AMS creates any that do not exist yet. */
  public List<String> groupList() {
    return groupNames(groups);
  }

  private static List<String> groupNames(String groups) {
    return Arrays.stream(groups.split(",")).map(String::trim).filter(g -> !g.isEmpty()).distinct().toList();
  }

  private static void positive(String key, Duration value) {
    ConfigException.check(!value.isNegative() && !value.isZero(), key, "must be positive");
  }

  public static OptimizerConfig defaults() {
    return new OptimizerConfig(null, null, null, null, null, null, null, null, null, null);
  }
}
