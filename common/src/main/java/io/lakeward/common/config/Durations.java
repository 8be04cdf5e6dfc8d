package io.lakeward.common.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the human form of durations used in config files: 500ms, 30s, 5min, 2h, 7d. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("^\\s*(\\d+)\\s*(ms|s|sec|m|min|h|d)?\\s*$");

  private Durations() {}

  /** Parses a duration; a bare number is milliseconds. Throws IllegalArgumentException otherwise. */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 30s, 5min, 2h, 7d)");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s", "sec" -> Duration.ofSeconds(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new IllegalStateException(unit);
    };
  }

  /** The shortest exact human form, e.g. 30s for 30 seconds. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    } else if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    } else if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "min";
    } else if (millis != 0 && millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
