package io.lakeward.scheduler;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.types.Types;

/**
 * Real Iceberg tables on disk whose data and delete files are registered with chosen sizes and
 * counts: evaluation and planning read manifests only, so no file content is needed.
 */
public final class TestTables {
  public static final long MB = 1024 * 1024;
  public static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "region", Types.StringType.get()));

  private TestTables() {}

  public static Table partitionedByRegion(Path dir) {
    PartitionSpec spec = PartitionSpec.builderFor(SCHEMA).identity("region").build();
    return new HadoopTables(new Configuration()).create(SCHEMA, spec,
        Map.of(TableProperties.FORMAT_VERSION, "2"), dir.resolve("t-" + UUID.randomUUID()).toString());
  }

  public static DataFile dataFile(Table table, String region, long bytes, long records) {
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/region=" + region + "/" + UUID.randomUUID() + ".parquet")
        .withFileSizeInBytes(bytes).withRecordCount(records).withPartitionPath("region=" + region).build();
  }

  public static DeleteFile equalityDeletes(Table table, String region, long records) {
    return FileMetadata.deleteFileBuilder(table.spec()).ofEqualityDeletes(1)
        .withPath(table.location() + "/data/region=" + region + "/eq-" + UUID.randomUUID() + ".parquet")
        .withFileSizeInBytes(1024).withRecordCount(records).withPartitionPath("region=" + region).build();
  }

  public static DeleteFile positionDeletes(Table table, String region, long records) {
    return FileMetadata.deleteFileBuilder(table.spec()).ofPositionDeletes()
        .withPath(table.location() + "/data/region=" + region + "/pos-" + UUID.randomUUID() + ".parquet")
        .withFileSizeInBytes(1024).withRecordCount(records).withPartitionPath("region=" + region).build();
  }

  /** Appends each file in its own commit, as a streaming writer would. */
  public static void appendEach(Table table, String region, int files, long bytes) {
    for (int i = 0; i < files; i++) {
      table.newFastAppend().appendFile(dataFile(table, region, bytes, 10)).commit();
    }
  }
}
