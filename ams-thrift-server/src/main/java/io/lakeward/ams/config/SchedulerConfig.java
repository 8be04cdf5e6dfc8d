package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;

/** Keys under {@code ams.scheduler:}: the Quartz scheduler that runs the AMS's periodic work. */
public record SchedulerConfig(@JsonProperty("thread-count") Integer threadCount) {
  public SchedulerConfig {
    threadCount = threadCount == null ? 4 : threadCount;
    ConfigException.check(threadCount > 0 && threadCount <= 256, "ams.scheduler.thread-count",
        "must be between 1 and 256, got %s", threadCount);
  }

  public static SchedulerConfig defaults() {
    return new SchedulerConfig(null);
  }
}
