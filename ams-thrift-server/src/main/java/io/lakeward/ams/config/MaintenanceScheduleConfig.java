package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;

/**
 * When one maintenance action runs on tables that do not set their own interval: every
 * {@code interval} after the table's last run, or, when {@code cron} is set, at each fire of that
 * Quartz cron expression (UTC).
 */
public record MaintenanceScheduleConfig(
    @JsonProperty("interval") Duration interval,
    @JsonProperty("cron") String cron) {

  public MaintenanceScheduleConfig {
    cron = cron == null || cron.isBlank() ? null : cron.trim();
  }

  static MaintenanceScheduleConfig orDefault(MaintenanceScheduleConfig configured, Duration interval, String key) {
    MaintenanceScheduleConfig result = configured == null ? new MaintenanceScheduleConfig(interval, null)
        : new MaintenanceScheduleConfig(configured.interval() == null ? interval : configured.interval(),
            configured.cron());
    ConfigException.check(result.interval().toMillis() >= 1000, key + ".interval", "must be at least 1s");
    return result;
  }
}
