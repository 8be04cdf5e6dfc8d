package io.lakeward.ams.maintenance;

import static io.lakeward.ams.maintenance.AutoTagTestTables.append;
import static io.lakeward.ams.maintenance.AutoTagTestTables.context;
import static io.lakeward.ams.maintenance.AutoTagTestTables.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.ams.testing.Poll;
import io.lakeward.common.exceptions.InvalidInputException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.HasTableOperations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Automatic tags on real tables (Parquet files in a Hadoop catalog on disk) with a fixed clock. The
 * snapshots are committed now; a clock set to tomorrow puts every one of them before the boundary.
 */
class AutoTaggingTest {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  @TempDir
  Path warehouse;

  private AutoTagTestTables tables;
  private final AutoTagging tagging = new AutoTagging();

  @BeforeEach
  void setUp() {
    tables = new AutoTagTestTables(warehouse);
  }

  @Test
  void dailyTagsTheSnapshotCurrentAtMidnightOncePerDay() {
    Table table = tables.create("daily", Map.of());
    append(table, 1);
    Snapshot second = append(table, 2);
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    String tag = "tag-" + DAY.format(day);

    MaintenanceOutcome first = tagging.maintain(context(table, at(day, "00:10"), false));
    assertThat(first.metrics()).containsExactly(Map.entry("tags-created", 1L),
        Map.entry("tagged-snapshot-id", second.snapshotId()));
    assertThat(first.summary()).startsWith("Created tag " + tag + " on snapshot " + second.snapshotId());
    table.refresh();
    SnapshotRef ref = table.refs().get(tag);
    assertThat(ref.isTag()).isTrue();
    assertThat(ref.snapshotId()).isEqualTo(second.snapshotId());
    assertThat(ref.maxRefAgeMs()).as("kept forever without max-age-ms").isNull();
    assertThat(ids(table, ref.snapshotId())).containsExactlyInAnyOrder(1L, 2L);

    Snapshot third = append(table, 3);
    MaintenanceOutcome again = tagging.maintain(context(table, at(day, "00:40"), false));
    assertThat(again.metrics()).containsExactly(Map.entry("tags-created", 0L));
    assertThat(again.summary()).isEqualTo("Tag " + tag + " exists (snapshot " + second.snapshotId() + ")");
    table.refresh();
    assertThat(table.refs().keySet()).containsExactlyInAnyOrder("main", tag);

    String nextTag = "tag-" + DAY.format(day.plusDays(1));
    MaintenanceOutcome nextDay = tagging.maintain(context(table, at(day.plusDays(1), "00:00"), false));
    assertThat(nextDay.metric("tagged-snapshot-id")).isEqualTo(third.snapshotId());
    table.refresh();
    assertThat(table.refs().keySet()).containsExactlyInAnyOrder("main", tag, nextTag);
    assertThat(ids(table, table.refs().get(nextTag).snapshotId())).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void hourlyTagsTheSnapshotCommittedBeforeTheBoundaryNotTheOneAfter() throws Exception {
    Table table = tables.create("hourly", Map.of("tag.auto-create.trigger.period", "hourly"));
    Snapshot before = append(table, 1);
    // The boundary is the first whole second at or after the first commit; the second commit comes after it.
    long boundary = (before.timestampMillis() + 999) / 1000 * 1000;
    Poll.until(() -> System.currentTimeMillis() > boundary, true, 5, "the wall clock past the boundary");
    Snapshot after = append(table, 2);
    assertThat(after.timestampMillis()).isGreaterThan(boundary);
    // A zone whose offset (in whole seconds) makes that second the start of an hour there.
    ZoneOffset zone = ZoneOffset.ofTotalSeconds(-(int) Math.floorMod(boundary / 1000, 3600));
    table.updateProperties().set("tag.auto-create.time-zone", zone.getId()).commit();
    String tag = "tag-" + DateTimeFormatter.ofPattern("yyyyMMddHH").format(Instant.ofEpochMilli(boundary).atZone(zone));

    MaintenanceOutcome outcome = tagging.maintain(context(table, Clock.fixed(Instant.ofEpochMilli(boundary)
        .plus(Duration.ofMinutes(5)), ZoneOffset.UTC), false));

    assertThat(outcome.metrics()).containsExactly(Map.entry("tags-created", 1L),
        Map.entry("tagged-snapshot-id", before.snapshotId()));
    table.refresh();
    assertThat(table.refs().get(tag).snapshotId()).isEqualTo(before.snapshotId());
    assertThat(ids(table, before.snapshotId())).containsExactly(1L);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(after.snapshotId());
  }

  @Test
  void theSnapshotCurrentAtATimeComesFromTheSnapshotLogIncludingRollbacks() throws Exception {
    Table table = tables.create("log", Map.of());
    assertThat(AutoTagging.currentAt(table, System.currentTimeMillis())).as("an empty table").isEmpty();
    Snapshot first = append(table, 1);
    nextMillisecond(first.timestampMillis());
    Snapshot second = append(table, 2);
    nextMillisecond(second.timestampMillis());
    table.manageSnapshots().rollbackTo(first.snapshotId()).commit();
    long rolledBack = table.history().get(table.history().size() - 1).timestampMillis();
    nextMillisecond(rolledBack);
    Snapshot third = append(table, 3);

    assertThat(AutoTagging.currentAt(table, first.timestampMillis() - 1)).isEmpty();
    assertThat(id(AutoTagging.currentAt(table, first.timestampMillis()))).as("committed exactly at the time")
        .isEqualTo(first.snapshotId());
    assertThat(id(AutoTagging.currentAt(table, second.timestampMillis()))).isEqualTo(second.snapshotId());
    assertThat(id(AutoTagging.currentAt(table, rolledBack - 1))).isEqualTo(second.snapshotId());
    assertThat(id(AutoTagging.currentAt(table, rolledBack))).as("the rollback made the first current again")
        .isEqualTo(first.snapshotId());
    assertThat(id(AutoTagging.currentAt(table, third.timestampMillis()))).isEqualTo(third.snapshotId());

    // Expiring the rolled-back snapshot trims the log; the current snapshot's ancestry still knows the first.
    table.expireSnapshots().expireSnapshotId(second.snapshotId()).cleanExpiredFiles(false).commit();
    assertThat(table.history()).hasSize(2);
    assertThat(id(AutoTagging.currentAt(table, first.timestampMillis()))).isEqualTo(first.snapshotId());
    assertThat(AutoTagging.currentAt(table, first.timestampMillis() - 1)).isEmpty();
  }

  @Test
  void aTableWithoutSnapshotsOrOnlyLaterOnesGetsNoTag() {
    Table empty = tables.create("empty", Map.of());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    MaintenanceOutcome none = tagging.maintain(context(empty, at(day, "00:05"), false));
    assertThat(none.metrics()).containsExactly(Map.entry("tags-created", 0L));
    assertThat(none.summary()).isEqualTo("No tag tag-" + DAY.format(day) + ": the table had no snapshot at "
        + day.atStartOfDay(ZoneOffset.UTC).toInstant());

    Table later = tables.create("later", Map.of());
    append(later, 1);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    MaintenanceOutcome tooEarly = tagging.maintain(context(later, at(today, "00:05"), false));
    assertThat(tooEarly.metrics()).containsExactly(Map.entry("tags-created", 0L));
    later.refresh();
    assertThat(later.refs().keySet()).containsExactly("main");
  }

  @Test
  void theOffsetMovesTheBoundaryAndMaxDelayBoundsHowLateATagIsCreated() {
    Table table = tables.create("offset", Map.of("tag.auto-create.trigger.offset.minutes", "120",
        "tag.auto-create.trigger.max-delay.minutes", "30"));
    Snapshot snapshot = append(table, 1);
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(2);

    MaintenanceOutcome beforeBoundary = tagging.maintain(context(table, at(day, "01:59"), false));
    assertThat(beforeBoundary.metrics()).containsExactly(Map.entry("tags-created", 0L));
    assertThat(beforeBoundary.summary()).as("the latest boundary is yesterday's 02:00")
        .isEqualTo("No tag tag-" + DAY.format(day.minusDays(1)) + ": its boundary "
            + day.minusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC) + " is 1439min past, more than "
            + "tag.auto-create.trigger.max-delay.minutes=30");

    MaintenanceOutcome tooLate = tagging.maintain(context(table,
        Clock.offset(at(day, "02:30"), Duration.ofMillis(1)), false));
    assertThat(tooLate.metrics()).containsExactly(Map.entry("tags-created", 0L));
    MaintenanceOutcome late = tagging.maintain(context(table, at(day, "02:30"), false));
    assertThat(late.metrics()).as("30 minutes after the boundary is still in time")
        .containsExactly(Map.entry("tags-created", 1L), Map.entry("tagged-snapshot-id", snapshot.snapshotId()));
    table.refresh();
    assertThat(table.refs().keySet()).containsExactlyInAnyOrder("main", "tag-" + DAY.format(day));
  }

  @Test
  void aMaxDelayTooShortForTheRunSkipsAndChangesNothing() {
    Table table = tables.create("delay", Map.of());
    append(table, 1);
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    MaintenanceOutcome skipped = tagging.maintain(context(table, at(day, "01:01"), false));
    assertThat(skipped.metrics()).containsExactly(Map.entry("tags-created", 0L));
    assertThat(skipped.summary()).isEqualTo("No tag tag-" + DAY.format(day) + ": its boundary "
        + day.atStartOfDay(ZoneOffset.UTC).toInstant() + " is 61min past, more than "
        + "tag.auto-create.trigger.max-delay.minutes=60");
    table.refresh();
    assertThat(table.refs().keySet()).containsExactly("main");
  }

  @Test
  void monthlyTagsFollowTheTimeZoneAndTheFormat() {
    Table table = tables.create("monthly", Map.of("tag.auto-create.trigger.period", "monthly",
        "tag.auto-create.time-zone", "Asia/Shanghai"));
    Snapshot snapshot = append(table, 1);
    ZoneId shanghai = ZoneId.of("Asia/Shanghai");
    LocalDate month = LocalDate.now(ZoneOffset.UTC).plusMonths(2).withDayOfMonth(1);
    // 00:30 on the 1st in Shanghai is still the previous month in UTC.
    Clock clock = Clock.fixed(month.atTime(0, 30).atZone(shanghai).toInstant(), ZoneOffset.UTC);

    MaintenanceOutcome outcome = tagging.maintain(context(table, clock, false));
    String tag = "tag-" + DateTimeFormatter.ofPattern("yyyyMM").format(month);
    assertThat(outcome.metric("tagged-snapshot-id")).isEqualTo(snapshot.snapshotId());
    table.refresh();
    assertThat(table.refs().keySet()).containsExactlyInAnyOrder("main", tag);

    table.updateProperties().remove("tag.auto-create.time-zone").set("tag.auto-create.tag-format", "'m'yyyy_MM")
        .set("tag.auto-create.trigger.max-delay.minutes", String.valueOf(60 * 24 * 31)).commit();
    MaintenanceOutcome utc = tagging.maintain(context(table, clock, false));
    String utcTag = "m" + DateTimeFormatter.ofPattern("yyyy_MM").format(month.minusMonths(1));
    assertThat(utc.summary()).startsWith("Created tag " + utcTag);
    table.refresh();
    assertThat(table.refs().keySet()).containsExactlyInAnyOrder("main", tag, utcTag);
  }

  @Test
  void maxAgeIsSetOnTheTagAndADryRunChangesNothing() {
    Table table = tables.create("aged", Map.of("tag.auto-create.max-age-ms", "604800000"));
    Snapshot snapshot = append(table, 1);
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    String tag = "tag-" + DAY.format(day);

    MaintenanceOutcome dryRun = tagging.maintain(context(table, at(day, "00:01"), true));
    assertThat(dryRun.metrics()).containsExactly(Map.entry("tags-created", 1L),
        Map.entry("tagged-snapshot-id", snapshot.snapshotId()));
    assertThat(dryRun.summary()).startsWith("Dry run: would create tag " + tag);
    table.refresh();
    assertThat(table.refs().keySet()).containsExactly("main");

    tagging.maintain(context(table, at(day, "00:01"), false));
    table.refresh();
    assertThat(table.refs().get(tag).maxRefAgeMs()).isEqualTo(604_800_000L);
    assertThat(table.refs().get(tag).snapshotId()).isEqualTo(snapshot.snapshotId());
  }

  @Test
  void aBranchWithTheTagsNameIsLeftAlone() {
    Table table = tables.create("branch", Map.of());
    Snapshot snapshot = append(table, 1);
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    String tag = "tag-" + DAY.format(day);
    table.manageSnapshots().createBranch(tag, snapshot.snapshotId()).commit();

    MaintenanceOutcome outcome = tagging.maintain(context(table, at(day, "00:01"), false));
    assertThat(outcome.metrics()).containsExactly(Map.entry("tags-created", 0L));
    assertThat(outcome.summary()).isEqualTo("No tag " + tag + ": a branch of that name exists");
    table.refresh();
    assertThat(table.refs().get(tag).isBranch()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "tag.auto-create.trigger.period|weekly|hourly, daily or monthly",
      "tag.auto-create.trigger.offset.minutes|-5|zero or more",
      "tag.auto-create.trigger.offset.minutes|1440|less than 1440 (minutes in a daily period)",
      "tag.auto-create.trigger.offset.minutes|soon|an integer",
      "tag.auto-create.trigger.max-delay.minutes|-1|zero or more",
      "tag.auto-create.tag-format|'tag-'{yyyy}|a DateTimeFormatter pattern",
      "tag.auto-create.tag-format|'tag-'yyyyMM|a pattern that gives each daily period its own name",
      "tag.auto-create.time-zone|Mars/Olympus|a time zone",
      "tag.auto-create.max-age-ms|0|a positive number of milliseconds",
      "tag.auto-create.max-age-ms|-86400000|a positive number of milliseconds",
      "tag.auto-create.max-age-ms|1d|an integer"})
  void aBadPropertyIsNamedAndNothingChanges(String key, String value, String expected) {
    Table table = tables.create("bad", Map.of(key, value));
    append(table, 1);
    String metadata = ((HasTableOperations) table).operations().current().metadataFileLocation();

    assertThatThrownBy(() -> tagging.maintain(context(table, at(LocalDate.now(ZoneOffset.UTC).plusDays(1), "00:01"),
        false)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Invalid table property " + key + ": '" + value + "' is not ")
        .hasMessageContaining(expected);
    TableOperations operations = ((HasTableOperations) tables.load("bad")).operations();
    assertThat(operations.current().metadataFileLocation()).isEqualTo(metadata);
    assertThat(operations.current().refs().keySet()).isEqualTo(Set.of("main"));
  }

  private static Clock at(LocalDate day, String time) {
    return Clock.fixed(day.atTime(LocalTime.parse(time)).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  }

  private static long id(java.util.Optional<Snapshot> snapshot) {
    return snapshot.orElseThrow().snapshotId();
  }

  /** Waits (polling) until the wall clock is past millis, so the next commit gets a later timestamp. */
  private static void nextMillisecond(long millis) throws InterruptedException {
    Poll.until(() -> System.currentTimeMillis() > millis, true, 5, "the next millisecond");
  }
}
