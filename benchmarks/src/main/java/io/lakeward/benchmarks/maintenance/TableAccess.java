package io.lakeward.benchmarks.maintenance;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;

/**
 * How both contestants open the table: through {@link PointerTableOperations} and the same FileIO, so that
 * listing, reading and deleting cost the same on both sides. Iceberg and Hadoop classes only: the Spark JVM
 * has no others.
 */
final class TableAccess {
  static final String HADOOP = "hadoop";

  private TableAccess() {
  }

  /** {@code hadoop}: HadoopFileIO on a default Hadoop configuration (the AMS's default); {@code local}: LocalFileIO. */
  static FileIO fileIo(String kind) {
    if (kind.equals(HADOOP)) {
      return new HadoopFileIO(new Configuration());
    }
    if (kind.equals("local")) {
      return new LocationKeepingFileIO();
    }
    throw new IllegalArgumentException("Invalid file-io: " + kind + " (hadoop or local)");
  }

  static Table open(Path pointer, String fileIo) {
    return new BaseTable(new PointerTableOperations(HistoryGenerator.TABLE, pointer, fileIo(fileIo)),
        HistoryGenerator.TABLE);
  }
}
