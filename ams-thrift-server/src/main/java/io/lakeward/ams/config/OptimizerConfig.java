package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/** Keys under {@code ams.optimizer:}: how the AMS treats registered optimizers. */
public record OptimizerConfig(
    @JsonProperty("heartbeat-interval") Duration heartbeatInterval,
    @JsonProperty("heartbeat-timeout") Duration heartbeatTimeout,
    @JsonProperty("task-ack-timeout") Duration taskAckTimeout,
    @JsonProperty("task-execute-timeout") Duration taskExecuteTimeout,
    @JsonProperty("groups") String groups) {

  public OptimizerConfig {
    heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(10) : heartbeatInterval;
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(60) : heartbeatTimeout;
    groups = groups == null || groups.isBlank() ? "default" : groups.trim();
    ConfigException.check(groupNames(groups).stream().allMatch(g -> g.matches("[A-Za-z0-9_.-]{1,128}")),
        "ams.optimizer.groups", "must be a comma-separated list of group names, got '%s'", groups);
    taskAckTimeout = taskAckTimeout == null ? Duration.ofSeconds(30) : taskAckTimeout;
    taskExecuteTimeout = taskExecuteTimeout == null ? Duration.ofHours(1) : taskExecuteTimeout;
    ConfigException.check(!taskAckTimeout.isNegative() && !taskAckTimeout.isZero(), "ams.optimizer.task-ack-timeout",
        "must be positive");
    ConfigException.check(!taskExecuteTimeout.isNegative() && !taskExecuteTimeout.isZero(),
        "ams.optimizer.task-execute-timeout", "must be positive");
    ConfigException.check(!heartbeatInterval.isZero(), "ams.optimizer.heartbeat-interval", "must be positive");
    ConfigException.check(heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
        "ams.optimizer.heartbeat-timeout", "must be at least twice ams.optimizer.heartbeat-interval");
  }

  /** The optimizer groups config.yaml declares; the AMS creates any that do not exist yet. */
  public java.util.List<String> groupList() {
    return groupNames(groups);
  }

  private static java.util.List<String> groupNames(String groups) {
    return java.util.Arrays.stream(groups.split(",")).map(String::trim).filter(g -> !g.isEmpty()).distinct().toList();
  }

  public static OptimizerConfig defaults() {
    return new OptimizerConfig(null, null, null, null, null);
  }
}
