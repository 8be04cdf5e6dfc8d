package io.lakeward.benchmarks;

import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.types.Types;

/** The schema and metadata-only data files every path is benchmarked with. */
final class BenchTables {
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.optional(2, "name", Types.StringType.get()),
      Types.NestedField.optional(3, "amount", Types.DoubleType.get()),
      Types.NestedField.optional(4, "ts", Types.TimestampType.withZone()));

  private BenchTables() {
  }

  /** Each run starts on empty servers, so the namespace is created without asking first. */
  static void createNamespace(CatalogUnderTest target) {
    ((SupportsNamespaces) target.catalog()).createNamespace(target.namespace());
  }

  /** A new unpartitioned table with four columns and no snapshot. */
  static Table create(CatalogUnderTest target, String name) {
    return target.catalog().createTable(target.table(name), SCHEMA, PartitionSpec.unpartitioned());
  }

  /**
   * A data file that exists only in metadata: commits then cost what the catalog costs (manifest,
   * manifest list, metadata file, pointer swap), not what writing Parquet costs.
   */
  static DataFile fakeDataFile(Table table) {
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(4096)
        .withRecordCount(100)
        .build();
  }
}
