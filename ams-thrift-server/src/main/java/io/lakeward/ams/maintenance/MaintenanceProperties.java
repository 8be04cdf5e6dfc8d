package io.lakeward.ams.maintenance;

import io.lakeward.common.config.Durations;
import io.lakeward.common.exceptions.InvalidInputException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A table's effective maintenance settings: its own table properties, else the catalog's
 * {@code table.<key>} properties, else config.yaml's {@code ams.maintenance.table-defaults}. A
 * value of the wrong form is an {@link InvalidInputException} that names the property, so the run
 * fails with a clear reason and changes nothing.
 */
public final class MaintenanceProperties {
  private final Map<String, String> values;

  private MaintenanceProperties(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * @param tableProperties the table's properties
   * @param catalogProperties the catalog's properties; only its table.* keys count
   * @param serverDefaults table property defaults from config.yaml
   */
  public static MaintenanceProperties resolve(Map<String, String> tableProperties, Map<String, String> catalogProperties,
      Map<String, String> serverDefaults) {
    Map<String, String> merged = new HashMap<>(serverDefaults);
    catalogProperties.forEach((key, value) -> {
      if (key.startsWith("table.") && value != null) {
        merged.put(key.substring("table.".length()), value);
      }
    });
    tableProperties.forEach((key, value) -> {
      if (value != null) {
        merged.put(key, value);
      }
    });
    return new MaintenanceProperties(merged);
  }

  public static MaintenanceProperties of(Map<String, String> values) {
    return new MaintenanceProperties(values);
  }

  public Optional<String> string(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public String string(String key, String fallback) {
    return string(key).orElse(fallback);
  }

  public boolean bool(String key, boolean fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return fallback;
    }
    String text = value.get().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw invalid(key, value.get(), "true or false");
    }
    return Boolean.parseBoolean(text);
  }

  public long lng(String key, long fallback) {
    Optional<String> value = string(key);
    try {
      return value.isEmpty() ? fallback : Long.parseLong(value.get());
    } catch (NumberFormatException e) {
      throw invalid(key, value.get(), "an integer");
    }
  }

  /** A non-negative integer property. */
  public long nonNegative(String key, long fallback) {
    long value = lng(key, fallback);
    if (value < 0) {
      throw invalid(key, Long.toString(value), "zero or more");
    }
    return value;
  }

  /**
   * A duration written as 30d, 12h, 720min, 90s or 500ms (a bare number is read in bareUnit, so
   * snapshot.keep.duration=720 means minutes when bareUnit is minutes).
   */
  public Optional<Duration> duration(String key, java.time.temporal.ChronoUnit bareUnit) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = value.get();
    try {
      if (text.chars().allMatch(Character::isDigit)) {
        return Optional.of(Duration.of(Long.parseLong(text), bareUnit));
      }
      return Optional.of(Durations.parse(text));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalid(key, text, "a duration such as 30d, 12h, 720min or 90s");
    }
  }

  public boolean enabled(MaintenanceAction action) {
    return bool(action.enabledProperty(), action.enabledByDefault());
  }

  /** The table's own interval for the action, when it sets one. */
  public Optional<Duration> interval(MaintenanceAction action) {
    Optional<Duration> interval = duration(action.intervalProperty(), java.time.temporal.ChronoUnit.MINUTES);
    if (interval.isPresent() && interval.get().toMillis() < 1000) {
      throw invalid(action.intervalProperty(), string(action.intervalProperty()).orElse(""), "at least 1s");
    }
    return interval;
  }

  public Map<String, String> asMap() {
    return values;
  }

  public static InvalidInputException invalid(String key, String value, String expected) {
    return InvalidInputException.of("Invalid table property %s: '%s' is not %s", key, value, expected);
  }
}
