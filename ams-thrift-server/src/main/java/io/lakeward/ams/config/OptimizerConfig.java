package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/** Keys under {@code ams.optimizer:}: how the AMS treats registered optimizers. */
public record OptimizerConfig(
    @JsonProperty("heartbeat-interval") Duration heartbeatInterval,
    @JsonProperty("heartbeat-timeout") Duration heartbeatTimeout) {

  public OptimizerConfig {
    heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(10) : heartbeatInterval;
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(60) : heartbeatTimeout;
    ConfigException.check(!heartbeatInterval.isZero(), "ams.optimizer.heartbeat-interval", "must be positive");
    ConfigException.check(heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
        "ams.optimizer.heartbeat-timeout", "must be at least twice ams.optimizer.heartbeat-interval");
  }

  public static OptimizerConfig defaults() {
    return new OptimizerConfig(null, null);
  }
}
