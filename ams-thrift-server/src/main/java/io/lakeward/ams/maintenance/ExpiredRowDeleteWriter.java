package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.io.DeleteWriteResult;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.ContentFileUtil;

/**
 * Writes the row deletes of expired rows with Iceberg's writers, one delete file per data file: a
 * Parquet position delete file on a format v2 table, a deletion vector (Puffin) on v3 and later,
 * where the data file's existing deletion vector (or file-scoped position deletes) is merged into
 * the new one and must be replaced in the same commit. Remembers every file it wrote, so a run
 * whose commit fails can remove them.
 */
final class ExpiredRowDeleteWriter {
  private final Table table;
  private final boolean deletionVectors;
  private final OutputFileFactory parquetFiles;
  private final OutputFileFactory puffinFiles;
  private final List<String> written = new ArrayList<>();

  /** What one data file's deletes became: files to add, and earlier ones they replace. */
  record Result(List<DeleteFile> added, List<DeleteFile> replaced) {
    Result {
      added = List.copyOf(added);
      replaced = List.copyOf(replaced);
    }
  }

  ExpiredRowDeleteWriter(Table table) {
    this.table = requireNonNull(table, "table is null");
    this.deletionVectors = TableUtil.formatVersion(table) >= 3;
    String operation = "expire-data-" + UUID.randomUUID();
    this.parquetFiles = OutputFileFactory.builderFor(table, 0, 0).format(FileFormat.PARQUET)
        .operationId(operation).suffix("deletes").build();
    this.puffinFiles = OutputFileFactory.builderFor(table, 0, 0).format(FileFormat.PUFFIN)
        .operationId(operation).build();
  }

  /** Row deletes need format v2 or later. */
  static boolean supported(Table table) {
    return TableUtil.formatVersion(table) >= 2;
  }

  /** Deletes the given positions (ascending) of the task's data file. */
  Result write(FileScanTask task, long[] positions) {
    try {
      return deletionVectors ? writeDeletionVector(task, positions) : writePositionDeletes(task.file(), positions);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the row deletes of " + task.file().location(), e);
    }
  }

  /** Locations of the files written so far (none is committed until the caller commits). */
  List<String> written() {
    return List.copyOf(written);
  }

  private Result writePositionDeletes(DataFile file, long[] positions) throws IOException {
    PartitionSpec spec = table.specs().get(file.specId());
    var output = parquetFiles.newOutputFile(spec, file.partition());
    written.add(output.encryptingOutputFile().location());
    // full path bounds (not the table's truncated column metrics) make the file file-scoped:
    // readers match it to its one data file, and the dangling delete cleaner can retire it
    PositionDeleteWriter<Record> writer = Parquet.writeDeletes(output).forTable(table).rowSchema(null)
        .metricsConfig(MetricsConfig.forPositionDelete(table))
        .withSpec(spec).withPartition(file.partition()).overwrite().buildPositionWriter();
    PositionDelete<Record> delete = PositionDelete.create();
    try (writer) {
      for (long position : positions) {
        writer.write(delete.set(file.location(), position));
      }
    }
    return new Result(List.of(writer.toDeleteFile()), List.of());
  }

  private Result writeDeletionVector(FileScanTask task, long[] positions) throws IOException {
    DataFile file = task.file();
    List<DeleteFile> fileScoped = task.deletes().stream()
        .filter(delete -> delete.content() == FileContent.POSITION_DELETES && ContentFileUtil.isFileScoped(delete))
        .toList();
    BaseDeleteLoader loader = new BaseDeleteLoader(delete -> table.io().newInputFile(delete));
    BaseDVFileWriter writer = new BaseDVFileWriter(puffinFiles, path -> fileScoped.isEmpty() ? null
        : loader.loadPositionDeletes(fileScoped, path));
    PartitionSpec spec = table.specs().get(file.specId());
    try (writer) {
      for (long position : positions) {
        writer.delete(file.location(), position, spec, file.partition());
      }
    }
    DeleteWriteResult result = writer.result();
    result.deleteFiles().forEach(dv -> written.add(dv.location()));
    return new Result(result.deleteFiles(), result.rewrittenDeleteFiles());
  }
}
