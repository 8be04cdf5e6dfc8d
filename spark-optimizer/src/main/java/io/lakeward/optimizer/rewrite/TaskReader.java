package io.lakeward.optimizer.rewrite;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.data.DeleteLoader;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.avro.PlannedDataReader;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads the live rows of one data file: every row of the file, minus those its position and
 * equality deletes remove, as records of the table schema. Deletes come from Iceberg's
 * {@link GenericDeleteFilter}, which applies exactly the delete files the task carries.
 */
final class TaskReader {
  /** Memory for the delete files of one task, loaded once and applied to each of its data files. */
  private static final long DELETE_CACHE_BYTES = 256L * 1024 * 1024;

  private final FileIO io;
  private final Schema schema;
  private final NameMapping nameMapping;
  private final AtomicLong rowsRead = new AtomicLong();
  private final TaskDeleteCache deletes;

  TaskReader(FileIO io, Schema schema, Map<String, String> tableProperties) {
    this.io = requireNonNull(io, "io is null");
    this.schema = requireNonNull(schema, "schema is null");
    // Files imported from Hive or Spark tables carry no field ids; the table's name mapping supplies them.
    String mapping = tableProperties.get(TableProperties.DEFAULT_NAME_MAPPING);
    this.nameMapping = mapping == null ? null : NameMappingParser.fromJson(mapping);
    this.deletes = new TaskDeleteCache(file -> io.newInputFile(file), DELETE_CACHE_BYTES);
  }

  /** Rows read from data files so far, before deletes. */
  long rowsRead() {
    return rowsRead.get();
  }

  CloseableIterable<Record> liveRows(FileScanTask task) {
    GenericDeleteFilter filter = new GenericDeleteFilter(io, task, schema, schema) {
      @Override
      protected DeleteLoader newDeleteLoader() {
        return deletes;
      }
    };
    // The filter needs the row position (for position deletes) beside the table's columns.
    Schema readSchema = filter.requiredSchema();
    CloseableIterable<Record> rows = CloseableIterable.transform(open(task, readSchema), row -> {
      rowsRead.incrementAndGet();
      return row;
    });
    CloseableIterable<Record> live = filter.filter(rows);
    if (readSchema.asStruct().equals(schema.asStruct())) {
      return live;
    }
    int[] positions = positionsIn(readSchema);
    return CloseableIterable.transform(live, row -> project(row, positions));
  }

  private CloseableIterable<Record> open(FileScanTask task, Schema readSchema) {
    InputFile input = io.newInputFile(task.file());
    Map<Integer, ?> constants = PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
    switch (task.file().format()) {
      case PARQUET: {
        Parquet.ReadBuilder builder = Parquet.read(input).project(readSchema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(readSchema, fileSchema, constants));
        if (nameMapping != null) {
          builder.withNameMapping(nameMapping);
        }
        return builder.build();
      }
      case AVRO: {
        Avro.ReadBuilder builder = Avro.read(input).project(readSchema)
            .createResolvingReader(expected -> PlannedDataReader.create(expected, constants));
        if (nameMapping != null) {
          builder.withNameMapping(nameMapping);
        }
        return builder.build();
      }
      default:
        throw new UnsupportedOperationException(String.format(
            "Cannot rewrite %s: %s data files are not supported (Parquet and Avro are)", task.file().location(), task.file().format()));
    }
  }

  /** Where each column of the table schema sits in the read schema, matched by field id. */
  private int[] positionsIn(Schema readSchema) {
    List<Types.NestedField> columns = schema.columns();
    List<Types.NestedField> read = readSchema.columns();
    int[] positions = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      positions[i] = -1;
      for (int j = 0; j < read.size(); j++) {
        if (read.get(j).fieldId() == columns.get(i).fieldId()) {
          positions[i] = j;
          break;
        }
      }
      if (positions[i] < 0) {
        throw new IllegalStateException("Cannot find column " + columns.get(i).name() + " in the read schema " + readSchema);
      }
    }
    return positions;
  }

  private Record project(Record row, int[] positions) {
    Record projected = GenericRecord.create(schema);
    for (int i = 0; i < positions.length; i++) {
      projected.set(i, row.get(positions[i]));
    }
    return projected;
  }
}
