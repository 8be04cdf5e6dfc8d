package io.lakeward.benchmarks.spark;

import java.time.Duration;
import java.util.Locale;

/** Parsing and printing of the sizes and durations in benchmark settings and reports. */
public final class Sizes {
  private Sizes() {
  }

  /** "1g", "128m", "512k" or a plain byte count. */
  public static long bytes(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    long scale = 1;
    char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
    switch (unit) {
      case 'k' -> scale = 1024L;
      case 'm' -> scale = 1024L * 1024;
      case 'g' -> scale = 1024L * 1024 * 1024;
      default -> { }
    }
    try {
      long number = Long.parseLong(scale == 1 ? v : v.substring(0, v.length() - 1));
      if (number <= 0) {
        throw new NumberFormatException("not positive");
      }
      return number * scale;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + key + ": " + value + " (a positive size such as 1g, 128m)");
    }
  }

  /** "30s", "10m", "1h" or milliseconds. */
  public static Duration duration(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofMillis(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid " + key + ": " + value + " (a duration such as 30s, 10m)");
    }
  }

  public static String mib(long bytes) {
    double mib = bytes / (1024.0 * 1024);
    return mib >= 10 ? String.format(Locale.ROOT, "%,.0f MiB", mib) : String.format(Locale.ROOT, "%.1f MiB", mib);
  }

  public static String seconds(double seconds) {
    return seconds >= 100 ? String.format(Locale.ROOT, "%.0f s", seconds) : String.format(Locale.ROOT, "%.1f s", seconds);
  }

  public static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
