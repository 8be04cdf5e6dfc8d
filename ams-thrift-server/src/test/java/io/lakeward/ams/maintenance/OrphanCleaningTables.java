package io.lakeward.ams.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;
import org.apache.iceberg.types.Types;

/**
 * Real Iceberg content for orphan cleaning tests: Parquet data files, position and equality delete
 * files written with Iceberg's generic writers, a Puffin statistics file; plus what the tests need
 * to look at a table from outside (files on disk, every file the metadata names, rows and their
 * order-independent checksum).
 */
final class OrphanCleaningTables {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "region", Types.StringType.get()),
      Types.NestedField.required(3, "amount", Types.LongType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("region").build();
  /** Table properties that keep every other maintenance action and self-optimizing off these tables. */
  static final Map<String, String> QUIET = Map.of("format-version", "2", "self-optimizing.enabled", "false",
      "table-expire.enabled", "false", "clean-dangling-delete-files.enabled", "false");

  private OrphanCleaningTables() {}

  static Record row(long id, String region, long amount) {
    Record record = GenericRecord.create(SCHEMA);
    record.setField("id", id);
    record.setField("region", region);
    record.setField("amount", amount);
    return record;
  }

  /** Rows with ids first..first+count-1, all in one region. */
  static List<Record> rows(long first, int count, String region) {
    List<Record> rows = new ArrayList<>();
    for (long id = first; id < first + count; id++) {
      rows.add(row(id, region, id * 7));
    }
    return rows;
  }

  /** Writes rows of one partition to a new Parquet file in the table's data location (not committed). */
  static DataFile writeData(Table table, List<Record> rows) {
    PartitionKey partition = partitionOf(table, rows.get(0));
    String location = dataLocation(table, partition) + "/" + UUID.randomUUID() + ".parquet";
    try {
      DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(location)).schema(table.schema())
          .createWriterFunc(GenericParquetWriter::create).withSpec(table.spec()).withPartition(partition)
          .overwrite().build();
      try (writer) {
        rows.forEach(writer::write);
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DataFile append(Table table, List<Record> rows) {
    DataFile file = writeData(table, rows);
    table.newFastAppend().appendFile(file).commit();
    return file;
  }

  /** Deletes rows at the given positions of a data file through a committed position delete file. */
  static DeleteFile deletePositions(Table table, DataFile target, Record partitionRow, long... positions) {
    PartitionKey partition = partitionOf(table, partitionRow);
    String location = dataLocation(table, partition) + "/" + UUID.randomUUID() + "-pos-deletes.parquet";
    try {
      // Without forTable: it would set a row schema, and these deletes carry no rows.
      PositionDeleteWriter<Record> writer = Parquet.writeDeletes(table.io().newOutputFile(location))
          .withSpec(table.spec()).withPartition(partition).overwrite().buildPositionWriter();
      try (writer) {
        for (long position : positions) {
          writer.write(PositionDelete.<Record>create().set(target.location(), position));
        }
      }
      DeleteFile deletes = writer.toDeleteFile();
      table.newRowDelta().addDeletes(deletes).commit();
      return deletes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes rows by id in one partition through a committed equality delete file. */
  static DeleteFile deleteIds(Table table, String region, long... ids) {
    Schema idOnly = table.schema().select("id");
    PartitionKey partition = partitionOf(table, row(0, region, 0));
    String location = dataLocation(table, partition) + "/" + UUID.randomUUID() + "-eq-deletes.parquet";
    try {
      EqualityDeleteWriter<Record> writer = Parquet.writeDeletes(table.io().newOutputFile(location))
          .forTable(table).withSpec(table.spec()).withPartition(partition).rowSchema(idOnly)
          .createWriterFunc(GenericParquetWriter::create).equalityFieldIds(1).overwrite().buildEqualityWriter();
      try (writer) {
        for (long id : ids) {
          Record key = GenericRecord.create(idOnly);
          key.setField("id", id);
          writer.write(key);
        }
      }
      DeleteFile deletes = writer.toDeleteFile();
      table.newRowDelta().addDeletes(deletes).commit();
      return deletes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a Puffin statistics file for the current snapshot and registers it with the table. */
  static StatisticsFile addStatistics(Table table) {
    Snapshot snapshot = table.currentSnapshot();
    String location = table.location() + "/metadata/" + UUID.randomUUID() + ".stats";
    try (PuffinWriter writer = Puffin.write(table.io().newOutputFile(location)).createdBy("lakeward-test").build()) {
      writer.add(new Blob("lakeward-test-ndv", List.of(1), snapshot.snapshotId(), snapshot.sequenceNumber(),
          ByteBuffer.wrap("42".getBytes(StandardCharsets.UTF_8))));
      writer.finish();
      StatisticsFile statistics = new GenericStatisticsFile(snapshot.snapshotId(), location, writer.fileSize(),
          writer.footerSize(), GenericBlobMetadata.from(writer.writtenBlobsMetadata()));
      table.updateStatistics().setStatistics(statistics).commit();
      return statistics;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Row count and an order-independent checksum of what a full scan of the table returns. */
  static long[] scan(Table table) {
    long count = 0;
    long checksum = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      for (Record row : rows) {
        count++;
        checksum += rowHash((Long) row.getField("id"), (String) row.getField("region"), (Long) row.getField("amount"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new long[] {count, checksum};
  }

  /** What {@link #scan} returns for the given rows. */
  static long[] expected(Iterable<Record> rows) {
    long count = 0;
    long checksum = 0;
    for (Record row : rows) {
      count++;
      checksum += rowHash((Long) row.getField("id"), (String) row.getField("region"), (Long) row.getField("amount"));
    }
    return new long[] {count, checksum};
  }

  static long rowHash(long id, String region, long amount) {
    long h = id * 0x9E3779B97F4A7C15L ^ region.hashCode() * 0xC2B2AE3D27D4EB4FL ^ amount * 0x165667B19E3779F9L;
    h ^= h >>> 31;
    return h * 0x94D049BB133111EBL;
  }

  /** Every file the table's metadata names: metadata files, statistics, manifest lists, manifests, data and deletes. */
  static Set<String> referencedFiles(Table table) {
    FileIO io = table.io();
    TableMetadata metadata = ((HasTableOperations) table).operations().current();
    Set<String> files = new TreeSet<>();
    files.add(metadata.metadataFileLocation());
    metadata.previousFiles().forEach(entry -> files.add(entry.file()));
    metadata.statisticsFiles().forEach(file -> files.add(file.path()));
    metadata.partitionStatisticsFiles().forEach(file -> files.add(file.path()));
    for (Snapshot snapshot : metadata.snapshots()) {
      files.add(snapshot.manifestListLocation());
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        files.add(manifest.path());
        try (CloseableIterable<String> paths = manifest.content() == org.apache.iceberg.ManifestContent.DATA
            ? CloseableIterable.transform(ManifestFiles.read(manifest, io, table.specs()), DataFile::location)
            : CloseableIterable.transform(ManifestFiles.readDeleteManifest(manifest, io, table.specs()),
                DeleteFile::location)) {
          paths.forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files.stream().map(OrphanCleaningTables::localPath).map(Path::toString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The regular files below a directory, without the hidden checksum files Hadoop's local file system adds. */
  static Set<String> filesUnder(Path directory) {
    if (!Files.exists(directory)) {
      return new TreeSet<>();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc"))
          .map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the modification time of every file below a directory. */
  static void setModifiedBelow(Path directory, long millis) {
    for (String file : filesUnder(directory)) {
      setModified(Paths.get(file), millis);
    }
  }

  static void setModified(Path file, long millis) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a file with some bytes and the given modification time. */
  static Path createFile(Path file, String content, long modifiedMillis) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    setModified(file, modifiedMillis);
    return file;
  }

  /** The local path of a file: location written as file:/x, file:///x or /x. */
  static Path localPath(String location) {
    return Paths.get(location.startsWith("file:") ? location.substring("file:".length()) : location).normalize();
  }

  private static PartitionKey partitionOf(Table table, Record row) {
    PartitionKey partition = new PartitionKey(table.spec(), table.schema());
    partition.partition(row);
    return partition;
  }

  private static String dataLocation(Table table, PartitionKey partition) {
    return table.location() + "/data/" + table.spec().partitionToPath(partition);
  }
}
