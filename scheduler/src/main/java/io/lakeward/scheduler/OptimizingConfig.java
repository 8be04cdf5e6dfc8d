package io.lakeward.scheduler;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import java.util.Map;
import java.util.Optional;

/**
 * Self-optimizing settings of one table, read from its table properties (the names users of
 * lakehouse management services know). An invalid value is an error that names the property; the
 * table is then left alone rather than optimized with a guess.
 */
public record OptimizingConfig(
    boolean enabled,
    String group,
    double quota,
    long targetSize,
    int fragmentRatio,
    double minTargetSizeRatio,
    int minorTriggerFileCount,
    long minorTriggerIntervalMillis,
    double majorTriggerDuplicateRatio,
    long fullTriggerIntervalMillis,
    Optional<String> fullTriggerCron,
    long maxTaskSizeBytes,
    long maxBytesPerProcess,
    int executeNumRetries,
    long minPlanIntervalMillis,
    Optional<String> filter) {

  public static final String PREFIX = "self-optimizing.";
  public static final String ENABLED = PREFIX + "enabled";
  public static final String GROUP = PREFIX + "group";
  public static final String QUOTA = PREFIX + "quota";
  public static final String TARGET_SIZE = PREFIX + "target-size";
  public static final String FRAGMENT_RATIO = PREFIX + "fragment-ratio";
  public static final String MIN_TARGET_SIZE_RATIO = PREFIX + "min-target-size-ratio";
  public static final String MINOR_TRIGGER_FILE_COUNT = PREFIX + "minor.trigger.file-count";
  public static final String MINOR_TRIGGER_INTERVAL = PREFIX + "minor.trigger.interval";
  public static final String MAJOR_TRIGGER_DUPLICATE_RATIO = PREFIX + "major.trigger.duplicate-ratio";
  public static final String FULL_TRIGGER_INTERVAL = PREFIX + "full.trigger.interval";
  public static final String FULL_TRIGGER_CRON = PREFIX + "full.trigger.cron";
  public static final String MAX_TASK_SIZE_BYTES = PREFIX + "max-task-size-bytes";
  public static final String MAX_BYTES_PER_PROCESS = PREFIX + "max-bytes-per-process";
  public static final String EXECUTE_NUM_RETRIES = PREFIX + "execute.num-retries";
  public static final String MIN_PLAN_INTERVAL = PREFIX + "min-plan-interval";
  public static final String FILTER = PREFIX + "filter";

  /** Default cap of one process: large enough for a busy partition, small enough to share a group. */
  public static final long DEFAULT_MAX_BYTES_PER_PROCESS = 10L * 1024 * 1024 * 1024;

  public OptimizingConfig {
    check(quota > 0, QUOTA, quota);
    check(targetSize > 0, TARGET_SIZE, targetSize);
    check(fragmentRatio > 0, FRAGMENT_RATIO, fragmentRatio);
    check(minTargetSizeRatio > 0 && minTargetSizeRatio <= 1, MIN_TARGET_SIZE_RATIO, minTargetSizeRatio);
    check(minorTriggerFileCount > 0, MINOR_TRIGGER_FILE_COUNT, minorTriggerFileCount);
    check(majorTriggerDuplicateRatio > 0, MAJOR_TRIGGER_DUPLICATE_RATIO, majorTriggerDuplicateRatio);
    check(maxTaskSizeBytes > 0, MAX_TASK_SIZE_BYTES, maxTaskSizeBytes);
    check(maxBytesPerProcess > 0, MAX_BYTES_PER_PROCESS, maxBytesPerProcess);
    check(executeNumRetries >= 0, EXECUTE_NUM_RETRIES, executeNumRetries);
    check(minPlanIntervalMillis >= 0, MIN_PLAN_INTERVAL, minPlanIntervalMillis);
    filter = filter == null ? Optional.empty() : filter;
    filter.ifPresent(OptimizingFilter::parse);
  }

  public static OptimizingConfig defaults() {
    return of(Map.of());
  }

  /** Reads the settings from table properties; InvalidInputException names a bad property. */
  public static OptimizingConfig of(Map<String, String> properties) {
    Reader reader = new Reader(properties);
    return new OptimizingConfig(
        reader.bool(ENABLED, true),
        reader.string(GROUP, "default"),
        reader.dbl(QUOTA, 0.5),
        reader.lng(TARGET_SIZE, 134217728L),
        reader.integer(FRAGMENT_RATIO, 8),
        reader.dbl(MIN_TARGET_SIZE_RATIO, 0.75),
        reader.integer(MINOR_TRIGGER_FILE_COUNT, 12),
        reader.lng(MINOR_TRIGGER_INTERVAL, 3600000L),
        reader.dbl(MAJOR_TRIGGER_DUPLICATE_RATIO, 0.1),
        reader.lng(FULL_TRIGGER_INTERVAL, -1L),
        Optional.ofNullable(properties.get(FULL_TRIGGER_CRON)).filter(s -> !s.isBlank()),
        reader.lng(MAX_TASK_SIZE_BYTES, 134217728L),
        reader.lng(MAX_BYTES_PER_PROCESS, DEFAULT_MAX_BYTES_PER_PROCESS),
        reader.integer(EXECUTE_NUM_RETRIES, 5),
        reader.lng(MIN_PLAN_INTERVAL, 60000L),
        Optional.ofNullable(properties.get(FILTER)).filter(s -> !s.isBlank()));
  }

  /** The files self-optimizing may touch (everything without a filter). */
  public org.apache.iceberg.expressions.Expression filterExpression() {
    return OptimizingFilter.parse(filter.orElse(null));
  }

  /** Files at most this large are fragments. */
  public long fragmentSize() {
    return targetSize / fragmentRatio;
  }

  /** Files smaller than this are undersized segments. */
  public long minTargetSize() {
    return (long) (targetSize * minTargetSizeRatio);
  }

  /** Threads of a group of {@code groupThreads} this table may hold at once (at least one). */
  public int quotaThreads(int groupThreads) {
    return quotaThreads(quota, groupThreads);
  }

  /** A quota above 1 is a thread count, else a fraction of the group's threads; never less than one. */
  public static int quotaThreads(double quota, int groupThreads) {
    int threads = quota > 1 ? (int) quota : (int) Math.ceil(quota * groupThreads);
    return Math.max(1, threads);
  }

  private static void check(boolean valid, String property, Object value) {
    if (!valid) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid table property " + property + ": " + value);
    }
  }

  private record Reader(Map<String, String> properties) {
    String string(String key, String fallback) {
      String value = properties.get(key);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    boolean bool(String key, boolean fallback) {
      String value = string(key, null);
      if (value == null) {
        return fallback;
      }
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        throw invalid(key, value, "true or false");
      }
      return Boolean.parseBoolean(value);
    }

    int integer(String key, int fallback) {
      String value = string(key, null);
      try {
        return value == null ? fallback : Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw invalid(key, value, "an integer");
      }
    }

    long lng(String key, long fallback) {
      String value = string(key, null);
      try {
        return value == null ? fallback : Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw invalid(key, value, "an integer");
      }
    }

    double dbl(String key, double fallback) {
      String value = string(key, null);
      try {
        return value == null ? fallback : Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw invalid(key, value, "a number");
      }
    }

    private static InvalidInputException invalid(String key, String value, String expected) {
      return new InvalidInputException(ErrorCode.INVALID_INPUT,
          "Invalid table property " + key + ": '" + value + "' is not " + expected);
    }
  }
}
