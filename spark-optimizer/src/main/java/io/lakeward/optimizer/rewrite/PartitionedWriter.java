package io.lakeward.optimizer.rewrite;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.parquet.Parquet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into data files of one partition spec: one open file per output partition, each
 * rolled to a new file once it reaches the target size. It remembers every file it created, so a
 * failed task can remove all of them with {@link #abort}.
 *
 * <p>Files are created without overwrite: a name that already exists (a file of another task or
 * attempt) fails the task instead of replacing a file a snapshot may reference.
 */
final class PartitionedWriter {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionedWriter.class);
  /** Checking a writer's length costs a little; Iceberg's rolling writers check every 1000 rows too. */
  private static final int ROWS_BETWEEN_SIZE_CHECKS = 1000;

  /** Where and how new files are written; shared by every partition of one task attempt. */
  record FileSettings(FileIO io, LocationProvider locations, FileFormat format, Map<String, String> properties,
      Schema schema, PartitionSpec spec, SortOrder sortOrder, long targetFileSizeBytes, String fileNamePrefix) {
    FileSettings {
      requireNonNull(io, "io is null");
      requireNonNull(locations, "locations is null");
      requireNonNull(format, "format is null");
      properties = Map.copyOf(properties);
      requireNonNull(schema, "schema is null");
      requireNonNull(spec, "spec is null");
      requireNonNull(sortOrder, "sortOrder is null");
      requireNonNull(fileNamePrefix, "fileNamePrefix is null");
    }
  }

  private final FileSettings settings;
  private final MetricsConfig metricsConfig;
  private final PartitionKey partitionKey;
  private final InternalRecordWrapper wrapper;
  private final Map<PartitionKey, RollingFile> open = new LinkedHashMap<>();
  private final List<String> created = new ArrayList<>();
  private final List<DataFile> completed = new ArrayList<>();
  private int fileCount;

  PartitionedWriter(FileSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.metricsConfig = MetricsConfig.fromProperties(settings.properties());
    this.partitionKey = new PartitionKey(settings.spec(), settings.schema());
    // Partition transforms work on Iceberg's internal values (micros, days), not on java.time objects.
    this.wrapper = new InternalRecordWrapper(settings.schema().asStruct());
  }

  void write(Record record) {
    partitionKey.partition(wrapper.wrap(record));
    RollingFile file = open.get(partitionKey);
    if (file == null) {
      PartitionKey partition = partitionKey.copy();
      file = new RollingFile(partition);
      open.put(partition, file);
    }
    file.write(record);
  }

  /** Closes every open file and returns all files written, in the order they were started. */
  List<DataFile> complete() {
    for (RollingFile file : open.values()) {
      file.closeCurrent();
    }
    open.clear();
    return List.copyOf(completed);
  }

  /** Every file created so far, complete or not. */
  List<String> createdLocations() {
    return Collections.unmodifiableList(created);
  }

  /**
   * Closes what is open and deletes every file this writer created; problems are added to
   * {@code failure} so the original cause stays the one reported.
   */
  void abort(Throwable failure) {
    for (RollingFile file : open.values()) {
      file.closeQuietly(failure);
    }
    open.clear();
    for (String location : created) {
      try {
        settings.io().deleteFile(location);
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete {} after a failed rewrite; it is an orphan file now", location, e);
        failure.addSuppressed(e);
      }
    }
  }

  private DataWriter<Record> newWriter(PartitionKey partition) {
    String name = String.format("%s-%05d", settings.fileNamePrefix(), ++fileCount);
    name = settings.format().addExtension(name);
    String location = settings.spec().isUnpartitioned()
        ? settings.locations().newDataLocation(name)
        : settings.locations().newDataLocation(settings.spec(), partition, name);
    EncryptedOutputFile output = EncryptedFiles.plainAsEncryptedOutput(settings.io().newOutputFile(location));
    PartitionKey tuple = settings.spec().isUnpartitioned() ? null : partition;
    DataWriter<Record> writer;
    try {
      writer = switch (settings.format()) {
        case PARQUET -> Parquet.writeData(output)
            .schema(settings.schema())
            .setAll(settings.properties())
            .metricsConfig(metricsConfig)
            .createWriterFunc(GenericParquetWriter::create)
            .withSpec(settings.spec())
            .withPartition(tuple)
            .withSortOrder(settings.sortOrder())
            .build();
        case AVRO -> Avro.writeData(output)
            .schema(settings.schema())
            .setAll(settings.properties())
            .metricsConfig(metricsConfig)
            .createWriterFunc(org.apache.iceberg.data.avro.DataWriter::create)
            .withSpec(settings.spec())
            .withPartition(tuple)
            .withSortOrder(settings.sortOrder())
            .build();
        default -> throw new UnsupportedOperationException(
            "Cannot write " + settings.format() + " data files: Parquet and Avro are supported");
      };
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + location, e);
    }
    // Recorded only once created: a name that already existed belongs to someone else and must survive an abort.
    created.add(location);
    return writer;
  }

  /** The open file of one output partition. */
  private final class RollingFile {
    private final PartitionKey partition;
    private DataWriter<Record> current;
    private long rows;

    RollingFile(PartitionKey partition) {
      this.partition = partition;
    }

    void write(Record record) {
      if (current == null) {
        current = newWriter(partition);
        rows = 0;
      }
      current.write(record);
      rows++;
      if (rows % ROWS_BETWEEN_SIZE_CHECKS == 0 && current.length() >= settings.targetFileSizeBytes()) {
        closeCurrent();
      }
    }

    void closeCurrent() {
      if (current == null) {
        return;
      }
      DataWriter<Record> closing = current;
      current = null;
      try {
        closing.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close a data file of partition " + partition, e);
      }
      completed.add(closing.toDataFile());
    }

    void closeQuietly(Throwable failure) {
      if (current != null) {
        try {
          current.close();
        } catch (IOException | RuntimeException e) {
          failure.addSuppressed(e);
        }
        current = null;
      }
    }
  }
}
