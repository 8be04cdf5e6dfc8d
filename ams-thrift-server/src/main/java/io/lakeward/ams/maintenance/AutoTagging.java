package io.lakeward.ams.maintenance;

import static io.lakeward.ams.maintenance.MaintenanceProperties.invalid;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Automatic tags: at each period boundary (the start of an hour, day or month in the tag time zone,
 * plus an offset) the snapshot that was current at that moment gets a tag named after the period, so
 * "the table as it was at midnight" stays readable after snapshot expiration. A run only creates the
 * tag of the latest boundary not after now, and only within {@code max-delay} of it: an AMS that was
 * down longer does not create late tags, and periods it missed are not filled in.
 *
 * <p>The snapshot is taken from the table's snapshot log (which records each change of the current
 * snapshot, rollbacks included); when expiration has trimmed the log past the boundary, from the
 * ancestry of the current snapshot.
 */
public final class AutoTagging implements TableMaintainer {
  public static final String PERIOD = "tag.auto-create.trigger.period";
  public static final String OFFSET_MINUTES = "tag.auto-create.trigger.offset.minutes";
  public static final String MAX_DELAY_MINUTES = "tag.auto-create.trigger.max-delay.minutes";
  public static final String TAG_FORMAT = "tag.auto-create.tag-format";
  public static final String TIME_ZONE = "tag.auto-create.time-zone";
  public static final String MAX_AGE_MS = "tag.auto-create.max-age-ms";
  static final long DEFAULT_MAX_DELAY_MINUTES = 60;

  @Override
  public MaintenanceAction action() {
    return MaintenanceAction.AUTO_TAG;
  }

  @Override
  public MaintenanceOutcome maintain(MaintenanceContext context) {
    Settings settings = Settings.of(context.properties());
    Instant now = context.clock().instant();
    Due due = settings.due(now);
    MaintenanceOutcome.Builder outcome = MaintenanceOutcome.builder().set("tags-created", 0);
    Instant latest = due.boundary().plus(settings.maxDelay());
    if (now.isAfter(latest)) {
      return outcome.build(String.format(Locale.ROOT, "No tag %s: its boundary %s is %s past, more than %s=%d",
          due.tagName(), due.boundary(), minutes(Duration.between(due.boundary(), now)), MAX_DELAY_MINUTES,
          settings.maxDelay().toMinutes()));
    }
    Table table = context.table();
    SnapshotRef existing = table.refs().get(due.tagName());
    if (existing != null) {
      return outcome.build(existing.isTag()
          ? "Tag " + due.tagName() + " exists (snapshot " + existing.snapshotId() + ")"
          : "No tag " + due.tagName() + ": a branch of that name exists");
    }
    Optional<Snapshot> snapshot = currentAt(table, due.boundary().toEpochMilli());
    if (snapshot.isEmpty()) {
      return outcome.build("No tag " + due.tagName() + ": the table had no snapshot at " + due.boundary());
    }
    long snapshotId = snapshot.get().snapshotId();
    outcome.set("tags-created", 1).set("tagged-snapshot-id", snapshotId);
    String what = "tag " + due.tagName() + " on snapshot " + snapshotId + " (current at " + due.boundary() + ")"
        + settings.maxAgeMs().map(ms -> ", kept for " + ms + " ms").orElse("");
    if (context.dryRun()) {
      return outcome.build("Dry run: would create " + what);
    }
    ManageSnapshots update = table.manageSnapshots().createTag(due.tagName(), snapshotId);
    settings.maxAgeMs().ifPresent(ms -> update.setMaxRefAgeMs(due.tagName(), ms));
    update.commit();
    return outcome.build("Created " + what);
  }

  /**
   * The snapshot that was the table's current snapshot at time: the newest snapshot log entry at or
   * before it. When expiration trimmed the log past time, the newest ancestor of the current
   * snapshot committed at or before time (which can differ from the log only around a rollback).
   */
  static Optional<Snapshot> currentAt(Table table, long time) {
    List<HistoryEntry> log = table.history();
    HistoryEntry chosen = null;
    for (HistoryEntry entry : log) {
      if (entry.timestampMillis() <= time) {
        chosen = entry;
      }
    }
    if (chosen != null) {
      return Optional.ofNullable(table.snapshot(chosen.snapshotId()));
    }
    // Iceberg drops the log entries before a logged snapshot that expires. The log is whole when it
    // starts with the commit of a snapshot without parent (the table's first).
    Snapshot oldestLogged = log.isEmpty() ? null : table.snapshot(log.get(0).snapshotId());
    boolean completeLog = oldestLogged != null && oldestLogged.parentId() == null
        && oldestLogged.timestampMillis() == log.get(0).timestampMillis();
    if (completeLog || table.currentSnapshot() == null) {
      return Optional.empty();
    }
    for (Snapshot ancestor : SnapshotUtil.ancestorsOf(table.currentSnapshot().snapshotId(), table::snapshot)) {
      if (ancestor.timestampMillis() <= time) {
        return Optional.of(ancestor);
      }
    }
    return Optional.empty();
  }

  private static String minutes(Duration duration) {
    return duration.toMinutes() + "min";
  }

  /** The period whose tag is due: its start (which names the tag) and its boundary (start + offset). */
  record Due(ZonedDateTime periodStart, Instant boundary, String tagName) {}

  /** A table's tag settings, all checked before anything is looked at or changed. */
  record Settings(TagPeriod period, Duration offset, Duration maxDelay, String pattern, DateTimeFormatter format,
      ZoneId zone, Optional<Long> maxAgeMs) {

    static Settings of(MaintenanceProperties properties) {
      TagPeriod period = properties.string(PERIOD).map(value -> TagPeriod.of(value)
          .orElseThrow(() -> invalid(PERIOD, value, "hourly, daily or monthly"))).orElse(TagPeriod.DAILY);
      long offset = properties.nonNegative(OFFSET_MINUTES, 0);
      if (offset >= period.maxOffsetMinutes()) {
        throw invalid(OFFSET_MINUTES, Long.toString(offset), "less than " + period.maxOffsetMinutes()
            + " (minutes in a " + period.wireName() + " period)");
      }
      long maxDelay = properties.nonNegative(MAX_DELAY_MINUTES, DEFAULT_MAX_DELAY_MINUTES);
      ZoneId zone = properties.string(TIME_ZONE).map(Settings::zone).orElse(ZoneOffset.UTC);
      String pattern = properties.string(TAG_FORMAT, period.defaultFormat());
      DateTimeFormatter format;
      try {
        format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw invalid(TAG_FORMAT, pattern, "a DateTimeFormatter pattern such as " + period.defaultFormat());
      }
      Optional<Long> maxAge = properties.string(MAX_AGE_MS).map(value -> {
        long ms = properties.lng(MAX_AGE_MS, 0);
        if (ms <= 0) {
          throw invalid(MAX_AGE_MS, value, "a positive number of milliseconds");
        }
        return ms;
      });
      return new Settings(period, Duration.ofMinutes(offset), Duration.ofMinutes(maxDelay), pattern, format, zone,
          maxAge);
    }

    private static ZoneId zone(String value) {
      try {
        return ZoneId.of(value);
      } catch (DateTimeException e) {
        throw invalid(TIME_ZONE, value, "a time zone such as UTC, Europe/Berlin or +08:00");
      }
    }

    /**
     * The latest boundary not after now and its period. Checks the tag format too: a pattern that
     * gives two periods the same name would silently tag only the first of them.
     */
    Due due(Instant now) {
      ZonedDateTime start = period.start(now.minus(offset).atZone(zone));
      String name = name(start);
      if (name.equals(name(period.previousStart(start)))) {
        throw invalid(TAG_FORMAT, pattern, "a pattern that gives each " + period.wireName() + " period its own name");
      }
      return new Due(start, start.toInstant().plus(offset), name);
    }

    private String name(ZonedDateTime periodStart) {
      String name;
      try {
        name = format.format(periodStart);
      } catch (DateTimeException e) {
        throw invalid(TAG_FORMAT, pattern, "a pattern of date and time fields (" + e.getMessage() + ")");
      }
      if (name.isBlank()) {
        throw invalid(TAG_FORMAT, pattern, "a pattern that gives a non-empty name");
      }
      return name;
    }
  }
}
