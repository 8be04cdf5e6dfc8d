package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Keys under {@code ams.maintenance:}. See conf/config.yaml for the meaning and default of each. */
public record MaintenanceConfig(
    @JsonProperty("threads") Integer threads,
    @JsonProperty("check-interval") Duration checkInterval,
    @JsonProperty("max-retries") Integer maxRetries,
    @JsonProperty("retry-interval") Duration retryInterval,
    @JsonProperty("history-retention") Duration historyRetention,
    @JsonProperty("table-defaults") Map<String, String> tableDefaults,
    @JsonProperty("expire-snapshots") MaintenanceScheduleConfig expireSnapshots,
    @JsonProperty("clean-orphan-files") MaintenanceScheduleConfig cleanOrphanFiles,
    @JsonProperty("clean-dangling-deletes") MaintenanceScheduleConfig cleanDanglingDeletes,
    @JsonProperty("expire-data") MaintenanceScheduleConfig expireData,
    @JsonProperty("auto-tag") MaintenanceScheduleConfig autoTag) {

  private static final String PREFIX = "ams.maintenance.";

  public MaintenanceConfig {
    threads = threads == null ? 2 : threads;
    ConfigException.check(threads > 0 && threads <= 64, PREFIX + "threads", "must be between 1 and 64, got %s", threads);
    checkInterval = checkInterval == null ? Duration.ofMinutes(1) : checkInterval;
    ConfigException.check(checkInterval.toMillis() >= 100, PREFIX + "check-interval", "must be at least 100ms");
    maxRetries = maxRetries == null ? 3 : maxRetries;
    ConfigException.check(maxRetries >= 0 && maxRetries <= 100, PREFIX + "max-retries",
        "must be between 0 and 100, got %s", maxRetries);
    retryInterval = retryInterval == null ? Duration.ofMinutes(5) : retryInterval;
    ConfigException.check(retryInterval.toMillis() >= 100, PREFIX + "retry-interval", "must be at least 100ms");
    historyRetention = historyRetention == null ? Duration.ofDays(7) : historyRetention;
    ConfigException.check(historyRetention.toMinutes() >= 1, PREFIX + "history-retention", "must be at least 1min");
    tableDefaults = tableDefaults == null ? Map.of() : Map.copyOf(new TreeMap<>(tableDefaults));
    expireSnapshots = MaintenanceScheduleConfig.orDefault(expireSnapshots, Duration.ofHours(1),
        PREFIX + "expire-snapshots");
    cleanOrphanFiles = MaintenanceScheduleConfig.orDefault(cleanOrphanFiles, Duration.ofDays(1),
        PREFIX + "clean-orphan-files");
    cleanDanglingDeletes = MaintenanceScheduleConfig.orDefault(cleanDanglingDeletes, Duration.ofHours(1),
        PREFIX + "clean-dangling-deletes");
    expireData = MaintenanceScheduleConfig.orDefault(expireData, Duration.ofDays(1), PREFIX + "expire-data");
    autoTag = MaintenanceScheduleConfig.orDefault(autoTag, Duration.ofMinutes(1), PREFIX + "auto-tag");
  }

  public static MaintenanceConfig defaults() {
    return new MaintenanceConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The schedule of an action by its wire name (expire-snapshots, clean-orphan-files, ...). */
  public MaintenanceScheduleConfig schedule(String action) {
    return switch (action) {
      case "expire-snapshots" -> expireSnapshots;
      case "clean-orphan-files" -> cleanOrphanFiles;
      case "clean-dangling-deletes" -> cleanDanglingDeletes;
      case "expire-data" -> expireData;
      case "auto-tag" -> autoTag;
      default -> throw new IllegalArgumentException("Unknown maintenance action: " + action);
    };
  }
}
