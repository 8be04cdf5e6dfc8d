package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * Keys under {@code ams.scheduler:}: the Quartz scheduler that runs the AMS's periodic work and
 * per-table cron triggers.
 */
public record SchedulerConfig(
    @JsonProperty("thread-count") Integer threadCount,
    @JsonProperty("job-store") String jobStore,
    @JsonProperty("cluster-checkin-interval") Duration clusterCheckinInterval,
    @JsonProperty("misfire-threshold") Duration misfireThreshold) {

  public static final String JDBC = "jdbc";
  public static final String RAM = "ram";
  private static final String PREFIX = "ams.scheduler.";

  public SchedulerConfig {
    threadCount = threadCount == null ? 4 : threadCount;
    ConfigException.check(threadCount > 0 && threadCount <= 256, PREFIX + "thread-count",
        "must be between 1 and 256, got %s", threadCount);
    jobStore = jobStore == null || jobStore.isBlank() ? JDBC : jobStore.trim().toLowerCase(Locale.ROOT);
    ConfigException.check(jobStore.equals(JDBC) || jobStore.equals(RAM), PREFIX + "job-store",
        "must be jdbc or ram, got '%s'", jobStore);
    clusterCheckinInterval = clusterCheckinInterval == null ? Duration.ofSeconds(15) : clusterCheckinInterval;
    ConfigException.check(clusterCheckinInterval.toMillis() >= 1000, PREFIX + "cluster-checkin-interval",
        "must be at least 1s");
    misfireThreshold = misfireThreshold == null ? Duration.ofSeconds(60) : misfireThreshold;
    ConfigException.check(misfireThreshold.toMillis() >= 1000, PREFIX + "misfire-threshold", "must be at least 1s");
  }

  public static SchedulerConfig defaults() {
    return new SchedulerConfig(null, null, null, null);
  }

  /** Whether jobs and triggers live in the AMS database (else in memory). */
  public boolean usesJdbcStore() {
    return JDBC.equals(jobStore);
  }
}
