package io.lakeward.ams.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Test helper of the data expiration tests: writes real Parquet data files with Iceberg's generic
 * writer, appends them, and reads a table back (with its deletes applied) with Iceberg's generic
 * reader; an order-independent checksum compares row sets.
 */
final class ExpireDataFixtures {
  private ExpireDataFixtures() {}

  /** Writes one Parquet data file holding the rows (all of one partition) and returns it, uncommitted. */
  static DataFile writeDataFile(Table table, List<Record> rows) {
    PartitionSpec spec = table.spec();
    StructLike partition = null;
    if (spec.isPartitioned()) {
      PartitionKey key = new PartitionKey(spec, table.schema());
      key.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(rows.get(0)));
      partition = key.copy();
    }
    String name = "fixture-" + UUID.randomUUID() + ".parquet";
    OutputFile output = table.io().newOutputFile(spec.isPartitioned()
        ? table.locationProvider().newDataLocation(spec, partition, name)
        : table.locationProvider().newDataLocation(name));
    try {
      DataWriter<Record> writer = Parquet.writeData(output).forTable(table).withSpec(spec).withPartition(partition)
          .createWriterFunc(GenericParquetWriter::create).overwrite().build();
      try (writer) {
        rows.forEach(writer::write);
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends the files in one commit. */
  static void append(Table table, Collection<DataFile> files) {
    AppendFiles append = table.newAppend();
    files.forEach(append::appendFile);
    append.commit();
  }

  /** Every row a full scan of the table's current snapshot returns. */
  static List<Record> readAll(Table table) {
    table.refresh();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> scan = IcebergGenerics.read(table).build()) {
      scan.forEach(row -> rows.add(row.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * Sum of a 64-bit hash of each row's values: equal for equal row multisets in any order. Metadata
   * columns a reader adds (the row position it needs to apply deletes) do not count.
   */
  static long checksum(Collection<Record> rows) {
    long sum = 0;
    for (Record row : rows) {
      StringBuilder text = new StringBuilder();
      for (Types.NestedField field : row.struct().fields()) {
        if (!MetadataColumns.isMetadataColumn(field.name())) {
          text.append(field.name()).append('=').append(row.getField(field.name())).append('\u0001');
        }
      }
      sum += UUID.nameUUIDFromBytes(text.toString().getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }
    return sum;
  }

  static Set<String> dataFileLocations(Table table) {
    table.refresh();
    Set<String> locations = new HashSet<>();
    if (table.currentSnapshot() == null) {
      return locations;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> locations.add(task.file().location()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return locations;
  }

  /** The live delete files of the table, each at most once. */
  static List<DeleteFile> deleteFiles(Table table) {
    table.refresh();
    List<DeleteFile> deletes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        for (DeleteFile delete : task.deletes()) {
          if (seen.add(delete.location() + "#" + delete.contentOffset())) {
            deletes.add(delete);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return deletes;
  }

  static Set<Object> ids(Collection<Record> rows) {
    return rows.stream().map(row -> row.getField("id")).collect(Collectors.toSet());
  }
}
