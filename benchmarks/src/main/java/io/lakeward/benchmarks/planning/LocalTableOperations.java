package io.lakeward.benchmarks.planning;

import static java.util.Objects.requireNonNull;

import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.io.FileIO;

/**
 * Table operations whose pointer to the current metadata file lives in this object: enough to build
 * the benchmark's tables in one process (no concurrent writers), with every file written through the
 * given FileIO. The scenario processes then open the tables read-only from their metadata files.
 */
final class LocalTableOperations extends BaseMetastoreTableOperations {
  private final String name;
  private final FileIO io;
  private volatile String metadataLocation;

  LocalTableOperations(String name, FileIO io) {
    this.name = requireNonNull(name, "name is null");
    this.io = requireNonNull(io, "io is null");
  }

  @Override
  protected String tableName() {
    return name;
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  protected void doRefresh() {
    refreshFromMetadataLocation(metadataLocation);
  }

  @Override
  protected void doCommit(TableMetadata base, TableMetadata metadata) {
    // Single writer: the pointer only moves here, so no compare-and-swap is needed.
    metadataLocation = writeNewMetadataIfRequired(base == null, metadata);
  }
}
