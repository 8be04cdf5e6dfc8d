package io.lakeward.ams.maintenance;

import io.lakeward.ams.catalog.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Real Iceberg tables on local disk (a Hadoop catalog) for the auto-tag tests: each append writes one
 * Parquet file with one row, so a tag can be checked by reading the rows it sees.
 */
final class AutoTagTestTables {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "note", Types.StringType.get()));

  private final HadoopCatalog catalog;

  AutoTagTestTables(Path warehouse) {
    catalog = new HadoopCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("test", Map.of("warehouse", warehouse.toUri().toString()));
  }

  Table create(String name, Map<String, String> properties) {
    return catalog.createTable(TableIdentifier.of("db", name), SCHEMA, PartitionSpec.unpartitioned(), properties);
  }

  Table load(String name) {
    return catalog.loadTable(TableIdentifier.of("db", name));
  }

  /** Appends one Parquet file holding the row (id, "row-id"); returns the new current snapshot. */
  static Snapshot append(Table table, long id) {
    table.newAppend().appendFile(writeRow(table, id)).commit();
    return table.currentSnapshot();
  }

  /** Writes one Parquet file holding the row (id, "row-id") under the table's data location. */
  static DataFile writeRow(Table table, long id) {
    String path = table.location() + "/data/" + UUID.randomUUID() + ".parquet";
    DataWriter<Record> writer;
    try {
      writer = Parquet.writeData(table.io().newOutputFile(path)).schema(table.schema())
          .createWriterFunc(GenericParquetWriter::create).withSpec(table.spec()).overwrite().build();
      try (DataWriter<Record> w = writer) {
        GenericRecord row = GenericRecord.create(table.schema());
        row.setField("id", id);
        row.setField("note", "row-" + id);
        w.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writer.toDataFile();
  }

  /** The ids of the rows a snapshot sees. */
  static Set<Long> ids(Table table, long snapshotId) {
    Set<Long> ids = new HashSet<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(snapshotId).build()) {
      rows.forEach(r -> ids.add((Long) r.getField("id")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** What the maintenance service would hand the maintainer, with the table's own properties only. */
  static MaintenanceContext context(Table table, Clock clock, boolean dryRun) {
    table.refresh();
    return new MaintenanceContext(new TableName("lake", "db", TableIdentifier.parse(table.name()).name()), table,
        MaintenanceProperties.of(table.properties()), Set.of(), dryRun, clock);
  }
}
