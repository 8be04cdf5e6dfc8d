package io.lakeward.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte count as written in config files: 512, 64KB, 100MB, 2GB (binary multiples). */
public record DataSize(long bytes) {
  private static final Pattern FORM = Pattern.compile("^\\s*(\\d+)\\s*(b|kb|mb|gb|tb)?\\s*$");

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative size: " + bytes);
    }
  }

  public static DataSize ofMegabytes(long megabytes) {
    return new DataSize(megabytes * 1024 * 1024);
  }

  @JsonCreator
  public static DataSize parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size (examples: 512, 64KB, 100MB, 2GB)");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift = switch (unit) {
      case "b" -> 0;
      case "kb" -> 10;
      case "mb" -> 20;
      case "gb" -> 30;
      case "tb" -> 40;
      default -> throw new IllegalStateException(unit);
    };
    return new DataSize(Math.multiplyExact(amount, 1L << shift));
  }

  @JsonValue
  @Override
  public String toString() {
    String[] units = {"TB", "GB", "MB", "KB"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + units[i];
      }
    }
    return Long.toString(bytes);
  }
}
