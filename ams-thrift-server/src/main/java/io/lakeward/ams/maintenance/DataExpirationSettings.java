package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.exceptions.InvalidInputException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A table's data expiration (TTL) settings, read from its {@code data-expire.*} properties and
 * checked before anything is planned: a wrong value is an {@link InvalidInputException} naming the
 * property, so the run fails with a clear reason and the table is left as it was.
 *
 * @param field the column rows expire by ({@code data-expire.field}, required)
 * @param pattern how a string column is formatted ({@code data-expire.datetime-string-pattern})
 * @param numberFormat how a long column counts time ({@code data-expire.datetime-number-format})
 * @param retention how long rows are kept ({@code data-expire.retention-time}, required, positive)
 * @param level what goes: whole partitions only, or files and rows ({@code data-expire.level})
 * @param baseRule what the retention is measured back from ({@code data-expire.base-on-rule})
 */
public record DataExpirationSettings(
    String field,
    DatetimeStringPattern pattern,
    NumberFormat numberFormat,
    Duration retention,
    Level level,
    BaseRule baseRule) {

  public static final String FIELD = "data-expire.field";
  public static final String PATTERN = "data-expire.datetime-string-pattern";
  public static final String NUMBER_FORMAT = "data-expire.datetime-number-format";
  public static final String RETENTION = "data-expire.retention-time";
  public static final String LEVEL = "data-expire.level";
  public static final String BASE_ON_RULE = "data-expire.base-on-rule";
  public static final String DEFAULT_PATTERN = "yyyy-MM-dd";

  /** How a long column counts time since 1970-01-01T00:00:00Z. */
  public enum NumberFormat {
    TIMESTAMP_MS,
    TIMESTAMP_S
  }

  /** Whole partitions whose every file is expired, or single files and rows. */
  public enum Level {
    PARTITION,
    FILE
  }

  /** The moment the retention is measured back from. */
  public enum BaseRule {
    /** The AMS clock when the run starts. */
    CURRENT_TIME,
    /** The commit time of the table's current snapshot (an idle table keeps its last data). */
    LAST_COMMIT_TIME
  }

  public DataExpirationSettings {
    requireNonNull(field, "field is null");
    requireNonNull(pattern, "pattern is null");
    requireNonNull(numberFormat, "numberFormat is null");
    requireNonNull(retention, "retention is null");
    requireNonNull(level, "level is null");
    requireNonNull(baseRule, "baseRule is null");
  }

  /** Reads and checks the settings; throws InvalidInputException naming the first wrong property. */
  public static DataExpirationSettings from(MaintenanceProperties properties) {
    String field = properties.string(FIELD).orElseThrow(() -> InvalidInputException.of(
        "Missing table property %s: the column whose values decide when a row expires", FIELD));
    DatetimeStringPattern pattern = DatetimeStringPattern.of(PATTERN, properties.string(PATTERN, DEFAULT_PATTERN));
    return new DataExpirationSettings(field, pattern,
        choice(properties, NUMBER_FORMAT, NumberFormat.class, NumberFormat.TIMESTAMP_MS, false),
        retention(properties),
        choice(properties, LEVEL, Level.class, Level.PARTITION, true),
        choice(properties, BASE_ON_RULE, BaseRule.class, BaseRule.CURRENT_TIME, false));
  }

  /**
   * The retention must carry a unit: a bare number is refused rather than guessed, since the
   * neighbouring settings read bare numbers in different units and a wrong guess deletes data.
   */
  private static Duration retention(MaintenanceProperties properties) {
    String text = properties.string(RETENTION).orElseThrow(() -> InvalidInputException.of(
        "Missing table property %s: how long rows are kept, such as 30d, 12h or 90min", RETENTION));
    String expected = "a positive duration with a unit, such as 30d, 12h or 90min";
    if (text.chars().allMatch(Character::isDigit) || text.startsWith("-")) {
      throw MaintenanceProperties.invalid(RETENTION, text, expected);
    }
    Duration retention;
    try {
      retention = properties.duration(RETENTION, ChronoUnit.DAYS).orElseThrow();
    } catch (InvalidInputException e) {
      throw MaintenanceProperties.invalid(RETENTION, text, expected);
    }
    if (retention.isZero() || retention.isNegative()) {
      throw MaintenanceProperties.invalid(RETENTION, text, expected);
    }
    return retention;
  }

  /** An enum-valued property, case-insensitive; the error lists the values as documented. */
  private static <E extends Enum<E>> E choice(MaintenanceProperties properties, String key, Class<E> type,
      E fallback, boolean documentedLowerCase) {
    String text = properties.string(key).orElse(null);
    if (text == null) {
      return fallback;
    }
    String wanted = text.toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(type.getEnumConstants()).filter(value -> value.name().equals(wanted)).findFirst()
        .orElseThrow(() -> MaintenanceProperties.invalid(key, text, "one of " + Arrays.stream(type.getEnumConstants())
            .map(value -> documentedLowerCase ? value.name().toLowerCase(Locale.ROOT) : value.name()).collect(Collectors.joining(", "))));
  }

  /** The cutoff (epoch millis) for a base moment: rows whose value is earlier than this expire. */
  public long cutoff(long baseMillis) {
    try {
      return Math.subtractExact(baseMillis, retention.toMillis());
    } catch (ArithmeticException e) {
      return Long.MIN_VALUE; // a retention longer than time itself: nothing expires
    }
  }
}
