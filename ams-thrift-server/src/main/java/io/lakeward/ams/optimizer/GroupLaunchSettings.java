package io.lakeward.ams.optimizer;

import io.lakeward.common.config.DataSize;
import io.lakeward.common.config.Durations;
import io.lakeward.common.exceptions.InvalidInputException;
import org.quartz.CronExpression;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the AMS launches optimizer applications for a group, from the group's properties. Every
 * property is optional; a bad value is refused (400 through the REST API) with a message naming it.
 *
 * @param minParallelism slots kept by resident applications (launched with no idle exit)
 * @param maxParallelism most slots of the group's live applications together
 * @param parallelism slots of an application launched on demand
 * @param idleExit how long an on-demand application stays without tasks before it exits
 * @param driverMemory overrides the container's driver-memory; null for the container's
 * @param sparkConf overrides of the container's spark-conf (from spark-conf.&lt;key&gt; properties)
 * @param launchCron a Quartz cron expression (UTC) at whose fires an application is launched whether
 *     or not work is pending (a nightly window for full optimizing, say); it exits when idle
 */
public record GroupLaunchSettings(int minParallelism, int maxParallelism, int parallelism, Duration idleExit,
    DataSize driverMemory, Map<String, String> sparkConf, Optional<String> launchCron) {

  public static final String MIN_PARALLELISM = "min-parallelism";
  public static final String MAX_PARALLELISM = "max-parallelism";
  public static final String PARALLELISM = "parallelism";
  public static final String IDLE_EXIT = "idle-exit";
  public static final String DRIVER_MEMORY = "driver-memory";
  public static final String LAUNCH_CRON = "launch-cron";
  public static final String SPARK_CONF_PREFIX = "spark-conf.";
  private static final Set<String> KEYS = Set.of(MIN_PARALLELISM, MAX_PARALLELISM, PARALLELISM, IDLE_EXIT, DRIVER_MEMORY,
      LAUNCH_CRON);
  private static final int MAX_SLOTS = 4096;

  public GroupLaunchSettings {
    sparkConf = Collections.unmodifiableMap(new TreeMap<>(sparkConf));
  }

  /**
   * Reads and checks a group's properties.
   *
   * @throws InvalidInputException naming the first invalid or unknown property
   */
  public static GroupLaunchSettings of(Map<String, String> properties) {
    Map<String, String> sparkConf = new TreeMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String key = e.getKey();
      check(e.getValue() != null, key, "must have a value");
      if (key.startsWith(SPARK_CONF_PREFIX)) {
        String setting = key.substring(SPARK_CONF_PREFIX.length());
        check(setting.startsWith("spark.") && !setting.contains("="), key, "'%s' is not a Spark setting (spark.*)", setting);
        sparkConf.put(setting, e.getValue());
      } else {
        check(KEYS.contains(key), key, "unknown property (known: %s, %s, %s, %s, %s, %s and %s<spark setting>)",
            MIN_PARALLELISM, MAX_PARALLELISM, PARALLELISM, IDLE_EXIT, DRIVER_MEMORY, LAUNCH_CRON, SPARK_CONF_PREFIX);
      }
    }
    int min = integer(properties, MIN_PARALLELISM, 0, 0);
    int max = integer(properties, MAX_PARALLELISM, 4, 0);
    int parallelism = integer(properties, PARALLELISM, 2, 1);
    check(min <= max, MIN_PARALLELISM, "%s exceeds %s (%s)", min, MAX_PARALLELISM, max);
    Duration idleExit = duration(properties, IDLE_EXIT, Duration.ofMinutes(5));
    DataSize memory = memory(properties);
    return new GroupLaunchSettings(min, max, parallelism, idleExit, memory, sparkConf, launchCron(properties));
  }

  public static GroupLaunchSettings defaults() {
    return of(Map.of());
  }

  /** The idle exit as the optimizer's --idle-exit-seconds (rounded up). */
  public long idleExitSeconds() {
    return (idleExit.toMillis() + 999) / 1000;
  }

  private static int integer(Map<String, String> properties, String key, int fallback, int least) {
    String text = properties.get(key);
    if (text == null) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw invalid(key, "'%s' is not a whole number", text);
    }
    check(value >= least && value <= MAX_SLOTS, key, "%s is out of range %s-%s", value, least, MAX_SLOTS);
    return value;
  }

  private static Duration duration(Map<String, String> properties, String key, Duration fallback) {
    String text = properties.get(key);
    if (text == null) {
      return fallback;
    }
    Duration value;
    try {
      value = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid(key, "%s", e.getMessage());
    }
    check(value.toMillis() >= 1000, key, "must be at least 1s, got %s", text);
    return value;
  }

  private static Optional<String> launchCron(Map<String, String> properties) {
    String text = properties.get(LAUNCH_CRON);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    check(text.length() <= 120, LAUNCH_CRON, "longer than 120 characters");
    try {
      CronExpression.validateExpression(text.trim());
    } catch (ParseException | RuntimeException e) {
      throw invalid(LAUNCH_CRON, "'%s' is not a Quartz cron expression (%s)", text, e.getMessage());
    }
    return Optional.of(text.trim());
  }

  private static DataSize memory(Map<String, String> properties) {
    String text = properties.get(DRIVER_MEMORY);
    if (text == null) {
      return null;
    }
    DataSize value;
    try {
      value = DataSize.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(DRIVER_MEMORY, "'%s' is not a size (examples: 512MB, 2GB)", text);
    }
    check(value.bytes() >= 64L * 1024 * 1024, DRIVER_MEMORY, "must be at least 64MB, got %s", text);
    return value;
  }

  private static void check(boolean condition, String key, String format, Object... args) {
    if (!condition) {
      throw invalid(key, format, args);
    }
  }

  private static InvalidInputException invalid(String key, String format, Object... args) {
    return InvalidInputException.of("Invalid optimizer group property %s: %s", key, String.format(format, args));
  }
}
