package io.lakeward.benchmarks.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.spark.sql.Row;

/**
 * Commits a batch the way a CDC sink (Flink's Iceberg sink, Kafka Connect) does with Iceberg's API:
 * one data file with the batch's rows and, when it replaces existing keys, one equality-delete file
 * on {@code id} with those keys, in one row delta. Rows come as Spark rows of the {@link RowModel}
 * schema; files are written with the table's write properties (Parquet, zstd).
 */
final class UpsertCommitter {
  private final Table table;
  private final Schema schema;
  private final Schema keySchema;
  private final GenericAppenderFactory factory;

  UpsertCommitter(Table table) {
    this.table = table;
    this.schema = table.schema();
    this.keySchema = schema.select("id");
    this.factory = new GenericAppenderFactory(schema, table.spec(), new int[] {schema.findField("id").fieldId()},
        keySchema, null);
    factory.setAll(table.properties());
  }

  /** Writes and commits one batch; {@code replacedKeys} may be empty (a plain append). */
  void commit(List<Row> rows, List<Long> replacedKeys) {
    table.refresh();
    RowDelta delta = table.newRowDelta();
    if (!rows.isEmpty()) {
      delta.addRows(writeData(rows));
    }
    if (!replacedKeys.isEmpty()) {
      delta.addDeletes(writeDeletes(replacedKeys));
    }
    delta.commit();
  }

  private DataFile writeData(List<Row> rows) {
    DataWriter<Record> writer = factory.newDataWriter(output("data"), FileFormat.PARQUET, null);
    try (writer) {
      GenericRecord template = GenericRecord.create(schema);
      for (Row row : rows) {
        GenericRecord record = template.copy();
        record.set(0, row.getLong(0));
        record.set(1, row.getInt(1));
        record.set(2, timestamp(row.get(2)));
        record.set(3, row.getString(3));
        record.set(4, row.getInt(4));
        record.set(5, row.getDouble(5));
        record.set(6, row.getString(6));
        writer.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }

  private DeleteFile writeDeletes(List<Long> keys) {
    EqualityDeleteWriter<Record> writer = factory.newEqDeleteWriter(output("eq-delete"), FileFormat.PARQUET, null);
    try (writer) {
      GenericRecord template = GenericRecord.create(keySchema);
      for (long key : keys) {
        GenericRecord record = template.copy();
        record.set(0, key);
        writer.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDeleteFile();
  }

  private static Object timestamp(Object value) {
    Instant instant = value instanceof Timestamp ts ? ts.toInstant() : (Instant) value;
    return instant.atOffset(ZoneOffset.UTC);
  }

  private EncryptedOutputFile output(String kind) {
    String location = table.locationProvider().newDataLocation(kind + "-" + UUID.randomUUID() + ".parquet");
    return EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location));
  }
}
