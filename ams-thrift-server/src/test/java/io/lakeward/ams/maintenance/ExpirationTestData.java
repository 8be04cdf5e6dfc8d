package io.lakeward.ams.maintenance;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.GenericBlobMetadata;
import org.apache.iceberg.GenericStatisticsFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.puffin.Blob;
import org.apache.iceberg.puffin.Puffin;
import org.apache.iceberg.puffin.PuffinWriter;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;

/**
 * Real tables for the snapshot expiration and dangling delete tests: Parquet data files, position
 * and equality delete files and Puffin statistics written with Iceberg's generic writers, the rows a
 * full scan returns (count and an order-independent checksum), and the files of a table on disk
 * next to the files its snapshots reference.
 */
final class ExpirationTestData {
  static final Schema SCHEMA = new Schema(
      required(1, "id", Types.LongType.get()),
      required(2, "category", Types.StringType.get()),
      optional(3, "note", Types.StringType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).identity("category").build();

  /** What a full scan returns: the row count and a checksum that does not depend on row order. */
  record Content(long rows, long checksum) {}

  private ExpirationTestData() {}

  /** A v2 table no maintenance or optimizing touches on its own: the tests run the actions themselves. */
  static Table create(RESTCatalog client, TableIdentifier id, Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(Map.of("format-version", "2", "table-expire.enabled", "false",
        "clean-dangling-delete-files.enabled", "false", "self-optimizing.enabled", "false"));
    all.putAll(properties);
    return client.createTable(id, SCHEMA, SPEC, all);
  }

  static List<Record> rows(String category, long firstId, int count) {
    List<Record> rows = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      GenericRecord row = GenericRecord.create(SCHEMA);
      row.setField("id", id);
      row.setField("category", category);
      row.setField("note", "row " + id);
      rows.add(row);
    }
    return rows;
  }

  static DataFile writeData(Table table, List<Record> rows) {
    PartitionKey partition = partitionOf(table, rows.get(0));
    OutputFile out = table.io().newOutputFile(table.locationProvider()
        .newDataLocation(table.spec(), partition, "data-" + UUID.randomUUID() + ".parquet"));
    try {
      DataWriter<Record> writer = Parquet.writeData(out).forTable(table).withSpec(table.spec())
          .withPartition(partition).createWriterFunc(GenericParquetWriter::create).overwrite().build();
      try (writer) {
        rows.forEach(writer::write);
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A position delete file deleting the given row positions of one data file. */
  static DeleteFile writePositionDeletes(Table table, DataFile dataFile, long... positions) {
    OutputFile out = table.io().newOutputFile(table.locationProvider()
        .newDataLocation(table.spec(), dataFile.partition(), "pos-deletes-" + UUID.randomUUID() + ".parquet"));
    try {
      // Not forTable(table): that would also write the deleted rows, which position deletes need not carry.
      PositionDeleteWriter<Record> writer = Parquet.writeDeletes(out).setAll(table.properties())
          .metricsConfig(MetricsConfig.forPositionDelete(table)).withSpec(table.spec())
          .withPartition(dataFile.partition()).overwrite().buildPositionWriter();
      try (writer) {
        for (long position : positions) {
          writer.write(PositionDelete.<Record>create().set(dataFile.location(), position));
        }
      }
      return writer.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An equality delete file (on id) in one category's partition. */
  static DeleteFile writeEqualityDeletes(Table table, String category, long... ids) {
    Schema deleteSchema = table.schema().select("id");
    PartitionKey partition = partitionOf(table, rows(category, 0, 1).get(0));
    OutputFile out = table.io().newOutputFile(table.locationProvider()
        .newDataLocation(table.spec(), partition, "eq-deletes-" + UUID.randomUUID() + ".parquet"));
    try {
      EqualityDeleteWriter<Record> writer = Parquet.writeDeletes(out).forTable(table).withSpec(table.spec())
          .withPartition(partition).rowSchema(deleteSchema).createWriterFunc(GenericParquetWriter::create)
          .equalityFieldIds(deleteSchema.findField("id").fieldId()).overwrite().buildEqualityWriter();
      try (writer) {
        for (long id : ids) {
          GenericRecord row = GenericRecord.create(deleteSchema);
          row.setField("id", id);
          writer.write(row);
        }
      }
      return writer.toDeleteFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Puffin statistics file with one blob for the snapshot, registered with the table. */
  static StatisticsFile addStatistics(Table table, Snapshot snapshot) {
    String location = table.location() + "/metadata/stats-" + snapshot.snapshotId() + "-" + UUID.randomUUID() + ".puffin";
    try {
      PuffinWriter writer = Puffin.write(table.io().newOutputFile(location)).createdBy("lakeward-test").build();
      try (writer) {
        writer.add(new Blob("lakeward-test-v1", List.of(1), snapshot.snapshotId(), snapshot.sequenceNumber(),
            ByteBuffer.wrap(("ndv of " + snapshot.snapshotId()).getBytes(StandardCharsets.UTF_8))));
      }
      StatisticsFile file = new GenericStatisticsFile(snapshot.snapshotId(), location, writer.fileSize(),
          writer.footerSize(), GenericBlobMetadata.from(writer.writtenBlobsMetadata()));
      table.updateStatistics().setStatistics(file).commit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PartitionKey partitionOf(Table table, Record row) {
    PartitionKey partition = new PartitionKey(table.spec(), table.schema());
    partition.partition(row);
    return partition;
  }

  static Content read(Table table) {
    return content(IcebergGenerics.read(table).build());
  }

  static Content read(Table table, long snapshotId) {
    return content(IcebergGenerics.read(table).useSnapshot(snapshotId).build());
  }

  private static Content content(CloseableIterable<Record> records) {
    long rows = 0;
    long checksum = 0;
    try (records) {
      for (Record record : records) {
        rows++;
        checksum += mix(record.getField("id").hashCode() * 31L + record.getField("category").hashCode() * 17L
            + String.valueOf(record.getField("note")).hashCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Content(rows, checksum);
  }

  /** A 64-bit finaliser, so that summing row hashes does not let different row sets collide easily. */
  private static long mix(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Every file under the table's location except metadata JSON files and Hadoop's .crc side files. */
  static Set<Path> filesOnDisk(Table table) {
    try (Stream<Path> files = Files.walk(local(table.location()))) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".crc"))
          .filter(p -> !p.getFileName().toString().endsWith(".metadata.json"))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The metadata JSON files of the table on disk, by name. */
  static Set<String> metadataJsonOnDisk(Table table) {
    try (Stream<Path> files = Files.list(local(table.location()).resolve("metadata"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".metadata.json"))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The files the table's snapshots need: their manifest lists, manifests, the live data and delete
   * files of those manifests, and the statistics files.
   */
  static Set<Path> referencedFiles(Table table) {
    Set<Path> files = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      files.add(local(snapshot.manifestListLocation()));
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        files.add(local(manifest.path()));
        liveFiles(table, manifest).forEach(f -> files.add(local(f.location())));
      }
    }
    table.statisticsFiles().forEach(f -> files.add(local(f.path())));
    for (PartitionStatisticsFile file : table.partitionStatisticsFiles()) {
      files.add(local(file.path()));
    }
    return files;
  }

  static List<ContentFile<?>> liveFiles(Table table, ManifestFile manifest) {
    List<ContentFile<?>> files = new ArrayList<>();
    try (ManifestReader<? extends ContentFile<?>> reader = manifest.content() == ManifestContent.DATA
        ? ManifestFiles.read(manifest, table.io(), table.specs())
        : ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
      for (ContentFile<?> file : reader) {
        files.add((ContentFile<?>) file.copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The live delete files of the table's current snapshot, by location. */
  static Set<String> liveDeleteFiles(Table table) {
    Set<String> files = new HashSet<>();
    for (ManifestFile manifest : table.currentSnapshot().deleteManifests(table.io())) {
      liveFiles(table, manifest).forEach(f -> files.add(f.location()));
    }
    return files;
  }

  static Path local(String location) {
    return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
  }

  /** Waits for the wall clock to pass a millisecond, so that the next commit is strictly later. */
  static void nextMillisecond(long after) {
    while (System.currentTimeMillis() <= after) {
      Thread.onSpinWait();
    }
  }

  static Set<Long> snapshotIds(Table table) {
    Set<Long> ids = new HashSet<>();
    table.snapshots().forEach(s -> ids.add(s.snapshotId()));
    return ids;
  }
}
