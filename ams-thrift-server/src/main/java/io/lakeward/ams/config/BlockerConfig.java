package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/** Keys under {@code ams.blocker:}: table blockers that hold off optimizing during large writes. */
public record BlockerConfig(
    @JsonProperty("default-ttl") Duration defaultTtl,
    @JsonProperty("max-ttl") Duration maxTtl) {

  public BlockerConfig {
    defaultTtl = defaultTtl == null ? Duration.ofMinutes(5) : defaultTtl;
    maxTtl = maxTtl == null ? Duration.ofHours(1) : maxTtl;
    ConfigException.check(!defaultTtl.isZero(), "ams.blocker.default-ttl", "must be positive");
    ConfigException.check(maxTtl.compareTo(defaultTtl) >= 0, "ams.blocker.max-ttl", "must be at least ams.blocker.default-ttl");
  }

  public static BlockerConfig defaults() {
    return new BlockerConfig(null, null);
  }
}
