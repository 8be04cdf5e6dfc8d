package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/** Keys under {@code ams.self-optimizing:}. */
public record SelfOptimizingConfig(
    @JsonProperty("evaluation-interval") Duration evaluationInterval,
    @JsonProperty("planning-interval") Duration planningInterval,
    @JsonProperty("supervision-interval") Duration supervisionInterval,
    @JsonProperty("history-retention") Duration historyRetention) {
  public SelfOptimizingConfig {
    evaluationInterval = evaluationInterval == null ? Duration.ofSeconds(30) : evaluationInterval;
    planningInterval = planningInterval == null ? Duration.ofSeconds(10) : planningInterval;
    supervisionInterval = supervisionInterval == null ? Duration.ofSeconds(5) : supervisionInterval;
    historyRetention = historyRetention == null ? Duration.ofDays(7) : historyRetention;
    ConfigException.check(historyRetention.toMinutes() >= 1, "ams.self-optimizing.history-retention",
        "must be at least 1min");
    ConfigException.check(planningInterval.toMillis() >= 100, "ams.self-optimizing.planning-interval",
        "must be at least 100ms");
    ConfigException.check(supervisionInterval.toMillis() >= 100, "ams.self-optimizing.supervision-interval",
        "must be at least 100ms");
    ConfigException.check(evaluationInterval.toMillis() >= 100, "ams.self-optimizing.evaluation-interval",
        "must be at least 100ms");
  }

  public static SelfOptimizingConfig defaults() {
    return new SelfOptimizingConfig(null, null, null, null);
  }
}
