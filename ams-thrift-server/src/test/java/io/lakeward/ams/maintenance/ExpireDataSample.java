package io.lakeward.ams.maintenance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The sample table of the data expiration tests, for each supported kind of expiration column
 * ({@code at}): five data files of rows at known moments around the cutoff 2024-05-02T00:00Z (the
 * clock 2024-06-01T00:00Z minus a 30d retention), in partitions a, b and c of column {@code part}.
 * <ul>
 *   <li>old (a): ids 1-3, all before the cutoff;
 *   <li>old2 (a): ids 4-5, all before the cutoff;
 *   <li>straddle (b): ids 6 and 9 before, 7 exactly at the cutoff (kept), 8 after;
 *   <li>withnull (b): id 10 before, 11 null (never expires): metrics cannot prove it wholly expired;
 *   <li>new (c): ids 12-13 after the cutoff.
 * </ul>
 */
final class ExpireDataSample {
  static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  static final Instant CUTOFF = Instant.parse("2024-05-02T00:00:00Z");

  /** A kind of expiration column, with the table properties that select it. */
  enum Kind {
    TIMESTAMPTZ(Types.TimestampType.withZone(), Map.of()),
    TIMESTAMP(Types.TimestampType.withoutZone(), Map.of()),
    /** Needs a format v3 table. */
    TIMESTAMP_NS(Types.TimestampNanoType.withoutZone(), Map.of()),
    DATE(Types.DateType.get(), Map.of()),
    LONG_MS(Types.LongType.get(), Map.of(DataExpirationSettings.NUMBER_FORMAT, "TIMESTAMP_MS")),
    LONG_S(Types.LongType.get(), Map.of(DataExpirationSettings.NUMBER_FORMAT, "timestamp_s")),
    /** The default pattern yyyy-MM-dd. */
    STRING(Types.StringType.get(), Map.of()),
    STRING_COMPACT(Types.StringType.get(), Map.of(DataExpirationSettings.PATTERN, "yyyyMMdd HH:mm")),
    /** Not order-preserving: every file is read. */
    STRING_DAY_FIRST(Types.StringType.get(), Map.of(DataExpirationSettings.PATTERN, "dd/MM/yyyy"));

    final Type type;
    final Map<String, String> properties;

    Kind(Type type, Map<String, String> properties) {
      this.type = type;
      this.properties = properties;
    }

    Object value(Instant at) {
      if (at == null) {
        return null;
      }
      return switch (this) {
        case TIMESTAMPTZ -> OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        case TIMESTAMP, TIMESTAMP_NS -> LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        case DATE -> LocalDate.ofInstant(at, ZoneOffset.UTC);
        case LONG_MS -> at.toEpochMilli();
        case LONG_S -> at.getEpochSecond();
        case STRING -> DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(at);
        case STRING_COMPACT -> DateTimeFormatter.ofPattern("yyyyMMdd HH:mm").withZone(ZoneOffset.UTC).format(at);
        case STRING_DAY_FIRST -> DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(ZoneOffset.UTC).format(at);
      };
    }
  }

  final Kind kind;
  final Schema schema;
  /** File label to its rows, in the order written. */
  final Map<String, List<Record>> rowsByFile = new LinkedHashMap<>();
  final Map<String, DataFile> files = new HashMap<>();

  ExpireDataSample(Kind kind) {
    this.kind = kind;
    this.schema = schema(kind.type);
    add("old", "a", row(1, "2024-04-01"), row(2, "2024-04-10"), row(3, "2024-05-01"));
    add("old2", "a", row(4, "2024-03-01"), row(5, "2024-04-30"));
    add("straddle", "b", row(6, "2024-04-15"), row(7, "2024-05-02"), row(8, "2024-05-20"), row(9, "2024-05-01"));
    add("withnull", "b", row(10, "2024-04-20"), row(11, null));
    add("new", "c", row(12, "2024-05-10"), row(13, "2024-05-31"));
  }

  static Schema schema(Type atType) {
    return new Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "at", atType),
        Types.NestedField.required(3, "part", Types.StringType.get()),
        Types.NestedField.optional(4, "payload", Types.StringType.get()));
  }

  PartitionSpec spec(boolean partitioned) {
    return partitioned ? PartitionSpec.builderFor(schema).identity("part").build() : PartitionSpec.unpartitioned();
  }

  /** The table properties of a run: field at, 30d retention, the kind's own settings, the level. */
  Map<String, String> properties(String level) {
    Map<String, String> properties = new HashMap<>(kind.properties);
    properties.put(DataExpirationSettings.FIELD, "at");
    properties.put(DataExpirationSettings.RETENTION, "30d");
    properties.put(DataExpirationSettings.LEVEL, level);
    return properties;
  }

  /** Writes every file as real Parquet and appends them in one commit. */
  void writeTo(Table table) {
    rowsByFile.forEach((label, rows) -> files.put(label, ExpireDataFixtures.writeDataFile(table, rows)));
    ExpireDataFixtures.append(table, files.values());
  }

  String location(String label) {
    return files.get(label).location();
  }

  /** The rows whose ids are listed. */
  List<Record> rows(long... ids) {
    List<Record> selected = new ArrayList<>();
    for (long id : ids) {
      rowsByFile.values().stream().flatMap(List::stream).filter(row -> row.getField("id").equals(id))
          .forEach(selected::add);
    }
    return selected;
  }

  private void add(String label, String part, Object[]... rows) {
    List<Record> records = new ArrayList<>();
    for (Object[] values : rows) {
      Record record = GenericRecord.create(schema);
      record.setField("id", values[0]);
      record.setField("at", kind.value((Instant) values[1]));
      record.setField("part", part);
      record.setField("payload", label + "-" + values[0]);
      records.add(record);
    }
    rowsByFile.put(label, records);
  }

  private static Object[] row(long id, String day) {
    return new Object[] {id, day == null ? null : Instant.parse(day + "T00:00:00Z")};
  }
}
