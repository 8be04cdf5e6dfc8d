package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/** Keys under {@code ams.self-optimizing:}. */
public record SelfOptimizingConfig(@JsonProperty("evaluation-interval") Duration evaluationInterval) {
  public SelfOptimizingConfig {
    evaluationInterval = evaluationInterval == null ? Duration.ofSeconds(30) : evaluationInterval;
    ConfigException.check(evaluationInterval.toMillis() >= 100, "ams.self-optimizing.evaluation-interval",
        "must be at least 100ms");
  }

  public static SelfOptimizingConfig defaults() {
    return new SelfOptimizingConfig(null);
  }
}
