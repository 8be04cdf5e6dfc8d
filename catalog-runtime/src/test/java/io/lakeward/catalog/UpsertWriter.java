package io.lakeward.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;

/**
 * Writes an upsert the way a CDC sink does with Iceberg's API: one equality-delete file on the key
 * for the rows replaced, one data file with their new versions, committed together as a row delta.
 * The table is unpartitioned with columns (id INT, name STRING, version INT).
 */
final class UpsertWriter {
  private final Table table;
  private final GenericAppenderFactory factory;
  private final Schema deleteSchema;

  UpsertWriter(Table table) {
    this.table = table;
    int idField = table.schema().findField("id").fieldId();
    this.deleteSchema = table.schema().select("id");
    this.factory = new GenericAppenderFactory(table.schema(), table.spec(), new int[] {idField}, deleteSchema, null);
  }

  /** Upserts (id -> version); the name is derived from both, so content checks see every column. */
  void upsert(Map<Integer, Integer> versions) throws IOException {
    table.refresh();
    DeleteFile deletes = writeDeletes(versions.keySet().stream().sorted().toList());
    DataFile data = writeData(versions);
    table.newRowDelta().addDeletes(deletes).addRows(data).commit();
  }

  /** Appends rows (id -> version) in one new data file, as a streaming sink's small commit does. */
  void append(Map<Integer, Integer> versions) throws IOException {
    table.refresh();
    table.newAppend().appendFile(writeData(versions)).commit();
  }

  static String name(int id, int version) {
    return "n" + id + "v" + version;
  }

  private DataFile writeData(Map<Integer, Integer> versions) throws IOException {
    DataWriter<Record> writer = factory.newDataWriter(output(), FileFormat.PARQUET, null);
    try (writer) {
      versions.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        GenericRecord row = GenericRecord.create(table.schema());
        row.setField("id", e.getKey());
        row.setField("name", name(e.getKey(), e.getValue()));
        row.setField("version", e.getValue());
        writer.write(row);
      });
    }
    return writer.toDataFile();
  }

  private DeleteFile writeDeletes(List<Integer> ids) throws IOException {
    EqualityDeleteWriter<Record> writer = factory.newEqDeleteWriter(output(), FileFormat.PARQUET, null);
    try (writer) {
      for (int id : ids) {
        GenericRecord key = GenericRecord.create(deleteSchema);
        key.setField("id", id);
        writer.write(key);
      }
    }
    return writer.toDeleteFile();
  }

  private EncryptedOutputFile output() {
    String location = table.locationProvider().newDataLocation("upsert-" + UUID.randomUUID() + ".parquet");
    return EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(location));
  }
}
