package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/** Keys under {@code ams.catalog:}. */
public record CatalogConfig(@JsonProperty("scan-interval") Duration scanInterval) {
  public CatalogConfig {
    scanInterval = scanInterval == null ? Duration.ofMinutes(1) : scanInterval;
    ConfigException.check(scanInterval.toMillis() >= 100, "ams.catalog.scan-interval", "must be at least 100ms");
  }

  public static CatalogConfig defaults() {
    return new CatalogConfig(null);
  }
}
