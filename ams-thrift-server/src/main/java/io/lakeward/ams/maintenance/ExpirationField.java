package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.maintenance.DataExpirationSettings.NumberFormat;
import io.lakeward.common.exceptions.InvalidInputException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * The column rows expire by and how its values (and a file's bounds of it) compare with a cutoff.
 * Supported: a top-level timestamp (with or without zone, micro or nanosecond), date, long (epoch
 * milliseconds or seconds) or string (formatted with the pattern) column. A timestamp without zone
 * and a date are read as UTC; a date stands for its midnight.
 */
public final class ExpirationField {
  /** How a column's values map to a moment. */
  public enum Kind {
    TIMESTAMP_MICROS,
    TIMESTAMP_NANOS,
    DATE,
    EPOCH_MILLIS,
    EPOCH_SECONDS,
    FORMATTED_STRING
  }

  /** What a file's metrics prove about its rows. */
  public enum Verdict {
    /** Every row is expired (no nulls, upper bound before the cutoff). */
    ALL_EXPIRED,
    /** No row is expired. */
    NONE_EXPIRED,
    /** Some rows are expired and some are not. */
    STRADDLES,
    /** The metrics cannot tell: the rows must be read. */
    UNKNOWN
  }

  /** One row's fate. */
  public enum RowVerdict {
    EXPIRED,
    KEPT,
    /** A string value the pattern cannot read: kept, and counted. */
    UNPARSEABLE
  }

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final Types.NestedField column;
  private final Kind kind;
  private final DatetimeStringPattern pattern;

  private ExpirationField(Types.NestedField column, Kind kind, DatetimeStringPattern pattern) {
    this.column = column;
    this.kind = kind;
    this.pattern = pattern;
  }

  /**
   * The expiration column of a schema.
   *
   * @throws InvalidInputException when the column is missing, nested or of an unsupported type
   */
  public static ExpirationField of(Schema schema, DataExpirationSettings settings) {
    String name = settings.field();
    Types.NestedField column = schema.findField(name);
    if (column == null) {
      throw InvalidInputException.of("Invalid table property %s: column '%s' does not exist (columns: %s)",
          DataExpirationSettings.FIELD, name, String.join(", ", schema.columns().stream().map(Types.NestedField::name)
              .toList()));
    }
    if (schema.asStruct().field(column.fieldId()) == null) {
      throw InvalidInputException.of("Invalid table property %s: column '%s' is nested; data expiration needs a "
          + "top-level column", DataExpirationSettings.FIELD, name);
    }
    return new ExpirationField(column, kind(column, settings), settings.pattern());
  }

  private static Kind kind(Types.NestedField column, DataExpirationSettings settings) {
    Type type = column.type();
    return switch (type.typeId()) {
      case TIMESTAMP -> Kind.TIMESTAMP_MICROS;
      case TIMESTAMP_NANO -> Kind.TIMESTAMP_NANOS;
      case DATE -> Kind.DATE;
      case LONG -> settings.numberFormat() == NumberFormat.TIMESTAMP_S ? Kind.EPOCH_SECONDS : Kind.EPOCH_MILLIS;
      case STRING -> Kind.FORMATTED_STRING;
      default -> throw InvalidInputException.of("Invalid table property %s: column '%s' is of type %s; data "
          + "expiration needs a timestamp, timestamptz, date, long or string column", DataExpirationSettings.FIELD,
          column.name(), type);
    };
  }

  public String name() {
    return column.name();
  }

  public int fieldId() {
    return column.fieldId();
  }

  public Kind kind() {
    return kind;
  }

  /** The expiration test for a cutoff (epoch millis): a value earlier than the cutoff is expired. */
  public Cutoff at(long cutoffMillis) {
    return new Cutoff(cutoffMillis);
  }

  /** Decides, for one cutoff, which files and rows are expired. Nulls never expire. */
  public final class Cutoff {
    private final long cutoffMillis;
    /** For non-string kinds: a value (in the column's unit) expires exactly when it is below this. */
    private final long threshold;
    private final String formattedCutoff;

    private Cutoff(long cutoffMillis) {
      this.cutoffMillis = cutoffMillis;
      this.threshold = switch (kind) {
        case TIMESTAMP_MICROS -> saturatedTimes(cutoffMillis, 1_000L);
        case TIMESTAMP_NANOS -> saturatedTimes(cutoffMillis, 1_000_000L);
        // value * unit < cutoff  <=>  value < ceil(cutoff / unit)
        case DATE -> -Math.floorDiv(-cutoffMillis, MILLIS_PER_DAY);
        case EPOCH_SECONDS -> -Math.floorDiv(-cutoffMillis, 1_000L);
        case EPOCH_MILLIS, FORMATTED_STRING -> cutoffMillis;
      };
      this.formattedCutoff = kind == Kind.FORMATTED_STRING ? pattern.format(cutoffMillis) : null;
    }

    /** A cutoff beyond the unit's range (nanoseconds end in 2262) expires everything or nothing. */
    private static long saturatedTimes(long value, long factor) {
      try {
        return Math.multiplyExact(value, factor);
      } catch (ArithmeticException e) {
        return value < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
    }

    public long millis() {
      return cutoffMillis;
    }

    public ExpirationField field() {
      return ExpirationField.this;
    }

    /** What a data file's metrics (record count, null count and bounds of the column) prove. */
    public Verdict classify(DataFile file) {
      long rows = file.recordCount();
      Long nulls = count(file.nullValueCounts());
      if (rows == 0 || (nulls != null && nulls == rows)) {
        return Verdict.NONE_EXPIRED;
      }
      if (kind == Kind.FORMATTED_STRING) {
        return classifyStrings(file);
      }
      OptionalLong lower = bound(file.lowerBounds());
      OptionalLong upper = bound(file.upperBounds());
      if (lower.isPresent() && lower.getAsLong() >= threshold) {
        return Verdict.NONE_EXPIRED;
      }
      if (upper.isPresent() && upper.getAsLong() < threshold) {
        if (nulls == null) {
          return Verdict.UNKNOWN;
        }
        return nulls == 0 ? Verdict.ALL_EXPIRED : Verdict.STRADDLES;
      }
      return lower.isPresent() && upper.isPresent() ? Verdict.STRADDLES : Verdict.UNKNOWN;
    }

    /**
     * String bounds never prove a file wholly expired (a value the pattern cannot read may hide
     * between them, and bounds may be truncated), so such files are read. A lower bound after the
     * formatted cutoff does prove that nothing is expired, when the pattern preserves order: a
     * truncated lower bound is a prefix, so still no greater than any value.
     */
    private Verdict classifyStrings(DataFile file) {
      if (pattern.orderPreserving() && file.lowerBounds() != null) {
        ByteBuffer lower = file.lowerBounds().get(column.fieldId());
        if (lower != null) {
          CharSequence value = Conversions.fromByteBuffer(Types.StringType.get(), lower.duplicate());
          if (value.toString().compareTo(formattedCutoff) > 0) {
            return Verdict.NONE_EXPIRED;
          }
        }
      }
      return Verdict.UNKNOWN;
    }

    /** A row's fate, given its value of the column as Iceberg's generic readers return it. */
    public RowVerdict test(Object value) {
      if (value == null) {
        return RowVerdict.KEPT;
      }
      if (kind == Kind.FORMATTED_STRING) {
        OptionalLong millis = pattern.toMillis((CharSequence) value);
        if (millis.isEmpty()) {
          return RowVerdict.UNPARSEABLE;
        }
        return millis.getAsLong() < cutoffMillis ? RowVerdict.EXPIRED : RowVerdict.KEPT;
      }
      return toUnit(value) < threshold ? RowVerdict.EXPIRED : RowVerdict.KEPT;
    }

    private long toUnit(Object value) {
      if (value instanceof OffsetDateTime timestamptz) {
        return kind == Kind.TIMESTAMP_NANOS
            ? DateTimeUtil.nanosFromTimestamptz(timestamptz) : DateTimeUtil.microsFromTimestamptz(timestamptz);
      } else if (value instanceof LocalDateTime timestamp) {
        return kind == Kind.TIMESTAMP_NANOS
            ? DateTimeUtil.nanosFromTimestamp(timestamp) : DateTimeUtil.microsFromTimestamp(timestamp);
      } else if (value instanceof LocalDate date) {
        return DateTimeUtil.daysFromDate(date);
      }
      return ((Number) value).longValue();
    }

    private Long count(Map<Integer, Long> counts) {
      return counts == null ? null : counts.get(column.fieldId());
    }

    /**
     * A bound in the column's unit; empty when missing or not of the column's width (a file written
     * before a type change, e.g. date to timestamp, keeps bounds in the old unit: those prove nothing).
     * An int column promoted to long keeps its numbers, so its 4-byte bounds still count.
     */
    private OptionalLong bound(Map<Integer, ByteBuffer> bounds) {
      ByteBuffer buffer = bounds == null ? null : bounds.get(column.fieldId());
      if (buffer == null) {
        return OptionalLong.empty();
      }
      int width = buffer.remaining();
      if (kind == Kind.DATE) {
        return width == 4 ? OptionalLong.of(Conversions.<Integer>fromByteBuffer(column.type(), buffer.duplicate()))
            : OptionalLong.empty();
      }
      if (width == 4 && column.type().typeId() == Type.TypeID.LONG) {
        return OptionalLong.of(Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), buffer.duplicate()));
      }
      return width == 8 ? OptionalLong.of(Conversions.<Long>fromByteBuffer(column.type(), buffer.duplicate()))
          : OptionalLong.empty();
    }
  }

  @Override
  public String toString() {
    return requireNonNull(column.name()) + " (" + kind + (kind == Kind.FORMATTED_STRING ? " " + pattern : "") + ")";
  }
}
