package io.lakeward.optimizer.rewrite;

import io.lakeward.scheduler.task.RewriteTaskInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Real Iceberg tables in a temporary directory with real Parquet files, written through Iceberg's
 * generic writers and committed through the Table API, as an engine would.
 */
public final class RealTables {
  public static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "region", Types.StringType.get()),
      Types.NestedField.optional(3, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(4, "payload", Types.StringType.get()),
      Types.NestedField.optional(5, "version", Types.IntegerType.get()));
  public static final Schema ID_ONLY = SCHEMA.select("id");
  public static final OffsetDateTime EPOCH = OffsetDateTime.of(2024, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  private RealTables() {}

  public static Table create(Path dir, PartitionSpec spec, Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    all.putIfAbsent(TableProperties.FORMAT_VERSION, "2");
    return new HadoopTables(new Configuration()).create(SCHEMA, spec, all, dir.resolve("t-" + UUID.randomUUID()).toString());
  }

  public static Record row(long id, String region, int version) {
    Record row = GenericRecord.create(SCHEMA);
    row.setField("id", id);
    row.setField("region", region);
    row.setField("ts", EPOCH.plusHours(id % 72));
    row.setField("payload", "payload-" + id + "-" + version);
    row.setField("version", version);
    return row;
  }

  public static List<Record> rows(long fromId, int count, String region, int version) {
    List<Record> rows = new ArrayList<>();
    for (long id = fromId; id < fromId + count; id++) {
      rows.add(row(id, region, version));
    }
    return rows;
  }

  /** Writes rows of one partition of the table's current spec into a new Parquet data file. */
  public static DataFile writeData(Table table, List<Record> rows) {
    StructLike partition = partitionOf(table, rows.get(0));
    String location = table.locationProvider().newDataLocation(table.spec(), partition, "in-" + UUID.randomUUID() + ".parquet");
    try {
      DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(location)).forTable(table)
          .createWriterFunc(GenericParquetWriter::create).withPartition(partition).build();
      try (writer) {
        rows.forEach(writer::write);
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DataFile append(Table table, List<Record> rows) {
    DataFile file = writeData(table, rows);
    table.newAppend().appendFile(file).commit();
    return file;
  }

  public static DeleteFile positionDeletes(Table table, DataFile file, long... positions) {
    String location = table.locationProvider().newDataLocation("pos-" + UUID.randomUUID() + ".parquet");
    try {
      // Not forTable(table): that would make these deletes carry whole rows.
      PositionDeleteWriter<Record> writer = Parquet.writeDeletes(table.io().newOutputFile(location))
          .setAll(table.properties()).withSpec(table.specs().get(file.specId())).withPartition(file.partition())
          .buildPositionWriter();
      try (writer) {
        for (long position : positions) {
          writer.write(PositionDelete.<Record>create().set(file.location(), position));
        }
      }
      return writer.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Equality deletes on id, in the partition of the given row. */
  public static DeleteFile equalityDeletes(Table table, Record partitionRow, Collection<Long> ids) {
    StructLike partition = partitionOf(table, partitionRow);
    String location = table.locationProvider().newDataLocation("eq-" + UUID.randomUUID() + ".parquet");
    try {
      EqualityDeleteWriter<Record> writer = Parquet.writeDeletes(table.io().newOutputFile(location)).forTable(table)
          .withPartition(partition).rowSchema(ID_ONLY).equalityFieldIds(1)
          .createWriterFunc(GenericParquetWriter::create).buildEqualityWriter();
      try (writer) {
        for (long id : ids) {
          Record key = GenericRecord.create(ID_ONLY);
          key.setField("id", id);
          writer.write(key);
        }
      }
      return writer.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StructLike partitionOf(Table table, Record row) {
    if (table.spec().isUnpartitioned()) {
      return null;
    }
    PartitionKey key = new PartitionKey(table.spec(), table.schema());
    key.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(row));
    return key;
  }

  public static List<FileScanTask> planFiles(Table table) {
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tasks;
  }

  public static RewriteTaskInput input(Table table, List<FileScanTask> files, boolean sort, long targetFileSize, String prefix) {
    return new RewriteTaskInput("test." + table.location().substring(table.location().lastIndexOf('/') + 1),
        table.location(), table.properties(), table.schema(), table.spec(), table.sortOrder(), sort, targetFileSize,
        prefix, files);
  }

  public static List<Record> read(Table table) {
    table.refresh();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      // Rows of a file with position deletes come with an extra _pos column; keep the table's columns.
      for (Record record : records) {
        Record row = GenericRecord.create(table.schema());
        for (int i = 0; i < row.size(); i++) {
          row.set(i, record.get(i));
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** The rows of one Parquet or Avro data file, in file order. */
  public static List<Record> readFile(Table table, DataFile file) {
    List<Record> rows = new ArrayList<>();
    CloseableIterable<Record> records = switch (file.format()) {
      case PARQUET -> Parquet.read(table.io().newInputFile(file.location())).project(table.schema())
          .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema)).build();
      case AVRO -> Avro.read(table.io().newInputFile(file.location())).project(table.schema())
          .createResolvingReader(org.apache.iceberg.data.avro.PlannedDataReader::create).build();
      default -> throw new IllegalArgumentException("format " + file.format());
    };
    try (records) {
      records.forEach(rows::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** An order-independent digest of every column of every row. */
  public static long checksum(Collection<Record> rows) {
    long sum = 0;
    for (Record row : rows) {
      long hash = 17;
      for (int i = 0; i < row.size(); i++) {
        hash = hash * 31 + Objects.hashCode(normalize(row.get(i)));
      }
      sum += hash * 0x9E3779B97F4A7C15L;
    }
    return sum;
  }

  private static Object normalize(Object value) {
    // Readers may return a CharSequence other than String, and offsets in another zone.
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    if (value instanceof OffsetDateTime time) {
      return time.toInstant();
    }
    return value;
  }

  /** Files under the table's location whose names contain the prefix (checksum files included). */
  public static List<Path> filesNamed(Table table, String prefix) {
    try (Stream<Path> files = Files.walk(Paths.get(table.location()))) {
      return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().contains(prefix)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
