package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.LongStream;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads the expiration column of one data file's live rows (those no delete file of the table has
 * removed yet) with Iceberg's generic Parquet reader and finds the positions of the expired ones.
 * Only the column and the row position are read.
 */
final class ExpiredRowScanner {
  private final Table table;
  private final ExpirationField.Cutoff cutoff;

  ExpiredRowScanner(Table table, ExpirationField.Cutoff cutoff) {
    this.table = requireNonNull(table, "table is null");
    this.cutoff = requireNonNull(cutoff, "cutoff is null");
  }

  /**
   * What one data file holds.
   *
   * @param liveRows rows no delete file removed
   * @param expiredPositions positions of the live rows that are expired, ascending
   * @param unparseable live string values the pattern cannot read (kept)
   */
  record Scan(long liveRows, long[] expiredPositions, long unparseable) {
    long expiredRows() {
      return expiredPositions.length;
    }

    /** Every live row is expired (and there is at least one). */
    boolean allExpired() {
      return liveRows > 0 && expiredPositions.length == liveRows;
    }
  }

  /** Whether this scanner can read the task's data file. */
  static boolean canRead(FileScanTask task) {
    return task.file().format() == FileFormat.PARQUET;
  }

  Scan scan(FileScanTask task) {
    Schema wanted = new Schema(table.schema().findField(cutoff.field().fieldId()), MetadataColumns.ROW_POSITION);
    GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), task, table.schema(), wanted);
    Schema read = deletes.requiredSchema();
    Parquet.ReadBuilder builder = Parquet.read(table.io().newInputFile(task.file()))
        .project(read)
        // identity partition values may live only in the metadata (imported files)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(read, fileSchema,
            PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant)));
    String mapping = table.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    if (mapping != null) {
      builder.withNameMapping(NameMappingParser.fromJson(mapping));
    }
    String name = cutoff.field().name();
    long live = 0;
    long unparseable = 0;
    LongStream.Builder expired = LongStream.builder();
    try (CloseableIterable<Record> rows = deletes.filter(builder.build())) {
      for (Record row : rows) {
        live++;
        switch (cutoff.test(row.getField(name))) {
          case EXPIRED -> expired.add((Long) row.getField(MetadataColumns.ROW_POSITION.name()));
          case UNPARSEABLE -> unparseable++;
          case KEPT -> { }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + task.file().location(), e);
    }
    return new Scan(live, expired.build().toArray(), unparseable);
  }
}
