package io.lakeward.ams.maintenance;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The format of a string expiration column ({@code data-expire.datetime-string-pattern}, a
 * {@link DateTimeFormatter} pattern such as yyyy-MM-dd). Values without a zone or offset are read
 * as UTC; a value without a time of day means its midnight.
 *
 * <p>A pattern is <em>order-preserving</em> when it is fixed-width, most significant field first
 * (yyyy, then MM, dd, HH, mm, ss, S...), with literal separators only: then comparing two formatted
 * values as strings compares the moments, so a file's lower bound can prove it holds no expired row.
 */
public final class DatetimeStringPattern {
  /** The pattern letters in order of significance, each in its only fixed-width form. */
  private static final Pattern ORDERED_FIELDS =
      Pattern.compile("^(yyyy|uuuu)(,MM(,dd(,HH(,mm(,ss(,S+)?)?)?)?)?)?$");
  private static final Instant SAMPLE = Instant.parse("2024-11-23T13:45:56.789Z");

  private final String text;
  private final DateTimeFormatter formatter;
  private final boolean orderPreserving;

  private DatetimeStringPattern(String text, DateTimeFormatter formatter) {
    this.text = text;
    this.formatter = formatter;
    this.orderPreserving = ORDERED_FIELDS.matcher(String.join(",", letterRuns(text))).matches();
  }

  /**
   * Parses a pattern and checks that it names a date (formatting a moment with it and parsing the
   * result back must give that moment's day at least).
   *
   * @param key the property the pattern came from, for the error message
   * @throws io.lakeward.common.exceptions.InvalidInputException when it is not such a pattern
   */
  public static DatetimeStringPattern of(String key, String text) {
    String expected = "a date-time pattern that includes a date, such as yyyy-MM-dd or yyyyMMdd HH:mm:ss";
    DatetimeStringPattern pattern;
    try {
      pattern = new DatetimeStringPattern(text,
          DateTimeFormatter.ofPattern(text, Locale.ROOT).withZone(ZoneOffset.UTC));
    } catch (IllegalArgumentException e) {
      throw MaintenanceProperties.invalid(key, text, expected + " (" + e.getMessage() + ")");
    }
    OptionalLong parsed;
    try {
      parsed = pattern.toMillis(pattern.format(SAMPLE.toEpochMilli()));
    } catch (DateTimeException e) {
      throw MaintenanceProperties.invalid(key, text, expected);
    }
    long day = 86_400_000L;
    if (parsed.isEmpty() || Math.floorDiv(parsed.getAsLong(), day) != Math.floorDiv(SAMPLE.toEpochMilli(), day)) {
      throw MaintenanceProperties.invalid(key, text, expected);
    }
    return pattern;
  }

  public String text() {
    return text;
  }

  public boolean orderPreserving() {
    return orderPreserving;
  }

  /** The moment a value stands for, in epoch millis; empty when the value does not match the pattern. */
  public OptionalLong toMillis(CharSequence value) {
    TemporalAccessor parsed;
    try {
      parsed = formatter.parseBest(value, ZonedDateTime::from, LocalDateTime::from, LocalDate::from,
          YearMonth::from);
    } catch (DateTimeException e) {
      return OptionalLong.empty();
    }
    if (parsed instanceof ZonedDateTime zoned) {
      return OptionalLong.of(zoned.toInstant().toEpochMilli());
    } else if (parsed instanceof LocalDateTime local) {
      return OptionalLong.of(local.toInstant(ZoneOffset.UTC).toEpochMilli());
    } else if (parsed instanceof LocalDate date) {
      return OptionalLong.of(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }
    return OptionalLong.of(((YearMonth) parsed).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
  }

  /** The moment written with the pattern (in UTC). */
  public String format(long epochMillis) {
    return formatter.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The runs of pattern letters outside quoted literals, e.g. [yyyy, MM, dd] for yyyy-MM-dd. */
  private static List<String> letterRuns(String pattern) {
    List<String> runs = new ArrayList<>();
    boolean quoted = false;
    StringBuilder run = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      }
      boolean letter = !quoted && c != '\'' && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
      if (letter && (run.isEmpty() || run.charAt(0) == c)) {
        run.append(c);
        continue;
      }
      if (!run.isEmpty()) {
        runs.add(run.toString());
        run.setLength(0);
      }
      if (letter) {
        run.append(c);
      } else if (!quoted && c != '\'' && "[]{}#".indexOf(c) >= 0) {
        runs.add("optional");
      }
    }
    if (!run.isEmpty()) {
      runs.add(run.toString());
    }
    return runs;
  }

  @Override
  public String toString() {
    return text;
  }
}
