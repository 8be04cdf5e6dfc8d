package io.lakeward.ams.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.ams.maintenance.ExpirationField.RowVerdict;
import io.lakeward.ams.maintenance.ExpirationField.Verdict;
import io.lakeward.common.exceptions.InvalidInputException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * How the expiration column decides on files (from their metrics) and on rows, at the edges: the
 * cutoff itself, rounding of coarser units, nulls, missing, truncated and foreign-width bounds, and
 * which string patterns let bounds prove anything.
 */
class ExpirationFieldTest {
  private static final long CUTOFF = Instant.parse("2024-05-02T00:00:00Z").toEpochMilli();
  private static final long CUTOFF_MICROS = CUTOFF * 1000;

  @Test
  void timestampFilesAreJudgedByBoundsAndNullCounts() {
    ExpirationField.Cutoff cutoff = cutoff(Types.TimestampType.withZone(), Map.of());
    Type type = Types.TimestampType.withZone();
    assertThat(cutoff.classify(file(type, 3, 0L, CUTOFF_MICROS - 10, CUTOFF_MICROS - 1)))
        .isEqualTo(Verdict.ALL_EXPIRED);
    assertThat(cutoff.classify(file(type, 3, 0L, CUTOFF_MICROS - 10, CUTOFF_MICROS)))
        .as("a value exactly at the cutoff is kept").isEqualTo(Verdict.STRADDLES);
    assertThat(cutoff.classify(file(type, 3, 0L, CUTOFF_MICROS, CUTOFF_MICROS + 5))).isEqualTo(Verdict.NONE_EXPIRED);
    assertThat(cutoff.classify(file(type, 3, 1L, CUTOFF_MICROS - 10, CUTOFF_MICROS - 1)))
        .as("nulls never expire").isEqualTo(Verdict.STRADDLES);
    assertThat(cutoff.classify(file(type, 3, null, CUTOFF_MICROS - 10, CUTOFF_MICROS - 1)))
        .as("unknown null count").isEqualTo(Verdict.UNKNOWN);
    assertThat(cutoff.classify(file(type, 3, 0L, null, null))).as("no bounds").isEqualTo(Verdict.UNKNOWN);
    assertThat(cutoff.classify(file(type, 3, 0L, CUTOFF_MICROS - 10, null))).isEqualTo(Verdict.UNKNOWN);
    assertThat(cutoff.classify(file(type, 3, 3L, null, null))).as("only nulls").isEqualTo(Verdict.NONE_EXPIRED);
    assertThat(cutoff.classify(file(type, 0, 0L, null, null))).isEqualTo(Verdict.NONE_EXPIRED);
  }

  @Test
  void rowsExpireStrictlyBeforeTheCutoffAndNullsNever() {
    ExpirationField.Cutoff cutoff = cutoff(Types.TimestampType.withZone(), Map.of());
    OffsetDateTime at = OffsetDateTime.ofInstant(Instant.ofEpochMilli(CUTOFF), ZoneOffset.UTC);
    assertThat(cutoff.test(at.minusNanos(1000))).isEqualTo(RowVerdict.EXPIRED);
    assertThat(cutoff.test(at)).isEqualTo(RowVerdict.KEPT);
    assertThat(cutoff.test(null)).isEqualTo(RowVerdict.KEPT);
  }

  @Test
  void coarserUnitsRoundTheCutoffUp() {
    // seconds: 1 s is before a 1.5 s cutoff, 2 s is not
    ExpirationField.Cutoff seconds = cutoffAt(Types.LongType.get(),
        Map.of(DataExpirationSettings.NUMBER_FORMAT, "TIMESTAMP_S"), 1500);
    assertThat(seconds.test(1L)).isEqualTo(RowVerdict.EXPIRED);
    assertThat(seconds.test(2L)).isEqualTo(RowVerdict.KEPT);
    assertThat(seconds.classify(file(Types.LongType.get(), 2, 0L, 0L, 1L))).isEqualTo(Verdict.ALL_EXPIRED);
    // dates before the epoch: 1969-12-31 (midnight) is before a cutoff 1 ms before the epoch, 1970-01-01 is not
    ExpirationField.Cutoff days = cutoffAt(Types.DateType.get(), Map.of(), -1);
    assertThat(days.test(LocalDate.parse("1969-12-31"))).isEqualTo(RowVerdict.EXPIRED);
    assertThat(days.test(LocalDate.parse("1970-01-01"))).isEqualTo(RowVerdict.KEPT);
  }

  @Test
  void aCutoffBeyondTheRangeOfNanosecondsExpiresNothing() {
    ExpirationField.Cutoff ancient = cutoffAt(Types.TimestampNanoType.withZone(), Map.of(), Long.MIN_VALUE / 2);
    assertThat(ancient.classify(file(Types.TimestampNanoType.withZone(), 2, 0L, Long.MIN_VALUE + 1, 0L)))
        .isEqualTo(Verdict.NONE_EXPIRED);
    DataExpirationSettings forever = DataExpirationSettings.from(MaintenanceProperties.of(Map.of(
        DataExpirationSettings.FIELD, "at", DataExpirationSettings.RETENTION, "9999999999999d")));
    assertThat(forever.cutoff(CUTOFF)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void boundsOfAnotherWidthProveNothingExceptPromotedInts() {
    ExpirationField.Cutoff millis = cutoff(Types.LongType.get(), Map.of());
    // an int column promoted to long keeps 4-byte bounds with the same numbers
    DataFile promoted = file(Types.IntegerType.get(), 2, 0L, 1, 2);
    assertThat(millis.classify(promoted)).isEqualTo(Verdict.ALL_EXPIRED);
    // a date column promoted to timestamp keeps bounds in days: they are not micros
    ExpirationField.Cutoff micros = cutoff(Types.TimestampType.withoutZone(), Map.of());
    assertThat(micros.classify(file(Types.DateType.get(), 2, 0L, 1, 2))).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void stringBoundsOnlyProveThatNothingExpires() {
    Type string = Types.StringType.get();
    ExpirationField.Cutoff ordered = cutoff(string, Map.of());
    assertThat(ordered.classify(file(string, 2, 0L, "2024-05-03", "2024-06-01"))).isEqualTo(Verdict.NONE_EXPIRED);
    assertThat(ordered.classify(file(string, 2, 0L, "2024-01-01", "2024-02-01")))
        .as("a value the pattern cannot read may hide between the bounds").isEqualTo(Verdict.UNKNOWN);
    assertThat(ordered.classify(file(string, 2, 0L, "2024-05-0", "2024-06-01")))
        .as("a truncated lower bound is a prefix").isEqualTo(Verdict.UNKNOWN);
    ExpirationField.Cutoff dayFirst = cutoff(string, Map.of(DataExpirationSettings.PATTERN, "dd/MM/yyyy"));
    assertThat(dayFirst.classify(file(string, 2, 0L, "30/05/2024", "31/05/2024"))).isEqualTo(Verdict.UNKNOWN);
    assertThat(ordered.test("2024-05-01")).isEqualTo(RowVerdict.EXPIRED);
    assertThat(ordered.test("2024-05-02")).isEqualTo(RowVerdict.KEPT);
    assertThat(ordered.test("2024-5-1")).isEqualTo(RowVerdict.UNPARSEABLE);
    assertThat(ordered.test("")).isEqualTo(RowVerdict.UNPARSEABLE);
  }

  @Test
  void onlyFixedWidthMostSignificantFirstPatternsPreserveOrder() {
    assertThat(pattern("yyyy-MM-dd").orderPreserving()).isTrue();
    assertThat(pattern("yyyyMMdd HH:mm").orderPreserving()).isTrue();
    assertThat(pattern("uuuu-MM-dd'T'HH:mm:ss.SSS").orderPreserving()).isTrue();
    assertThat(pattern("dd/MM/yyyy").orderPreserving()).isFalse();
    assertThat(pattern("yyyy-M-d").orderPreserving()).isFalse();
    assertThat(pattern("yyyy-MM-dd HH:mm:ssXXX").orderPreserving()).isFalse();
    assertThat(pattern("yyyy-MM-dd[ HH:mm]").orderPreserving()).isFalse();
    assertThat(pattern("yyyy-MM-dd HH:mm:ssXXX").toMillis("2024-05-02 02:00:00+02:00"))
        .hasValue(CUTOFF);
  }

  @Test
  void patternsWithoutADayAreRefused() {
    for (String bad : new String[] {"HH:mm", "yyyy-MM", "yyyy-bb", "qqq"}) {
      assertThatThrownBy(() -> pattern(bad)).as(bad).isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Invalid table property data-expire.datetime-string-pattern: '" + bad + "'");
    }
  }

  @Test
  void settingsHaveDocumentedDefaultsAndAcceptAnyCase() {
    DataExpirationSettings defaults = DataExpirationSettings.from(MaintenanceProperties.of(Map.of(
        DataExpirationSettings.FIELD, "at", DataExpirationSettings.RETENTION, "90min")));
    assertThat(defaults.level()).isEqualTo(DataExpirationSettings.Level.PARTITION);
    assertThat(defaults.baseRule()).isEqualTo(DataExpirationSettings.BaseRule.CURRENT_TIME);
    assertThat(defaults.numberFormat()).isEqualTo(DataExpirationSettings.NumberFormat.TIMESTAMP_MS);
    assertThat(defaults.pattern().text()).isEqualTo("yyyy-MM-dd");
    assertThat(defaults.cutoff(CUTOFF)).isEqualTo(CUTOFF - 90 * 60_000L);
    DataExpirationSettings spelled = DataExpirationSettings.from(MaintenanceProperties.of(Map.of(
        DataExpirationSettings.FIELD, "at", DataExpirationSettings.RETENTION, "12h",
        DataExpirationSettings.LEVEL, "FILE", DataExpirationSettings.BASE_ON_RULE, "last-commit-time")));
    assertThat(spelled.level()).isEqualTo(DataExpirationSettings.Level.FILE);
    assertThat(spelled.baseRule()).isEqualTo(DataExpirationSettings.BaseRule.LAST_COMMIT_TIME);
    assertThat(spelled.retention().toHours()).isEqualTo(12);
  }

  private static DatetimeStringPattern pattern(String text) {
    return DatetimeStringPattern.of(DataExpirationSettings.PATTERN, text);
  }

  private static ExpirationField.Cutoff cutoff(Type type, Map<String, String> properties) {
    return cutoffAt(type, properties, CUTOFF);
  }

  private static ExpirationField.Cutoff cutoffAt(Type type, Map<String, String> properties, long cutoffMillis) {
    Map<String, String> all = new HashMap<>(properties);
    all.put(DataExpirationSettings.FIELD, "at");
    all.put(DataExpirationSettings.RETENTION, "1d");
    Schema schema = new Schema(Types.NestedField.optional(1, "at", type));
    return ExpirationField.of(schema, DataExpirationSettings.from(MaintenanceProperties.of(all))).at(cutoffMillis);
  }

  /** A data file whose column 1 has the given metrics (bounds encoded as the given type). */
  private static DataFile file(Type boundType, long rows, Long nulls, Object lower, Object upper) {
    Map<Integer, Long> nullCounts = nulls == null ? null : Map.of(1, nulls);
    return DataFiles.builder(PartitionSpec.unpartitioned()).withPath("/data/" + rows + "-" + lower + ".parquet")
        .withFormat(FileFormat.PARQUET).withFileSizeInBytes(100)
        .withMetrics(new Metrics(rows, null, null, nullCounts, null, bound(boundType, lower), bound(boundType, upper)))
        .build();
  }

  private static Map<Integer, ByteBuffer> bound(Type type, Object value) {
    if (value == null) {
      return null;
    }
    Object encoded = value instanceof Long number && type.typeId() == Type.TypeID.INTEGER ? number.intValue() : value;
    return Map.of(1, Conversions.toByteBuffer(type, encoded));
  }
}
