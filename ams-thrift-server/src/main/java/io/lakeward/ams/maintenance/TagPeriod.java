package io.lakeward.ams.maintenance;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The periods automatic tags are created for ({@code tag.auto-create.trigger.period}). A period starts
 * at a calendar boundary in the tag time zone: the full hour, midnight, or midnight of the 1st.
 */
public enum TagPeriod {
  HOURLY("hourly", "'tag-'yyyyMMddHH", 60),
  DAILY("daily", "'tag-'yyyyMMdd", 24 * 60),
  /** The offset bound is the shortest month (28 days), so every month has its boundary inside it. */
  MONTHLY("monthly", "'tag-'yyyyMM", 28 * 24 * 60);

  private final String wireName;
  private final String defaultFormat;
  private final long maxOffsetMinutes;

  TagPeriod(String wireName, String defaultFormat, long maxOffsetMinutes) {
    this.wireName = wireName;
    this.defaultFormat = defaultFormat;
    this.maxOffsetMinutes = maxOffsetMinutes;
  }

  public String wireName() {
    return wireName;
  }

  /** The DateTimeFormatter pattern of tag names when the table sets none. */
  public String defaultFormat() {
    return defaultFormat;
  }

  /** Offsets must stay below the (shortest) length of a period, so each period has one boundary. */
  public long maxOffsetMinutes() {
    return maxOffsetMinutes;
  }

  /** The start of the period that contains time (in time's zone). */
  public ZonedDateTime start(ZonedDateTime time) {
    return switch (this) {
      case HOURLY -> time.truncatedTo(ChronoUnit.HOURS);
      // atStartOfDay rather than truncation: it resolves a midnight that a DST change skips.
      case DAILY -> time.toLocalDate().atStartOfDay(time.getZone());
      case MONTHLY -> time.toLocalDate().withDayOfMonth(1).atStartOfDay(time.getZone());
    };
  }

  /** The start of the period before the one that starts at start. */
  public ZonedDateTime previousStart(ZonedDateTime start) {
    return switch (this) {
      case HOURLY -> start.minusHours(1);
      case DAILY -> dayStart(start.toLocalDate().minusDays(1), start);
      case MONTHLY -> dayStart(start.toLocalDate().minusMonths(1).withDayOfMonth(1), start);
    };
  }

  private static ZonedDateTime dayStart(LocalDate day, ZonedDateTime zoneOf) {
    return day.atStartOfDay(zoneOf.getZone());
  }

  public static Optional<TagPeriod> of(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.wireName.equals(wanted)).findFirst();
  }
}
