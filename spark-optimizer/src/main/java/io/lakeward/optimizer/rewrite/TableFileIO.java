package io.lakeward.optimizer.rewrite;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;

/** The FileIO a rewrite reads and writes a table's files with: the table's {@code io-impl}, else Hadoop's. */
public final class TableFileIO {
  private TableFileIO() {
  }

  /** Opens the table's FileIO; the caller closes it. */
  public static FileIO open(Map<String, String> tableProperties, Configuration hadoopConf) {
    String impl = tableProperties.get(CatalogProperties.FILE_IO_IMPL);
    if (impl != null) {
      return CatalogUtil.loadFileIO(impl, tableProperties, hadoopConf);
    }
    HadoopFileIO io = new HadoopFileIO(hadoopConf);
    io.initialize(tableProperties);
    return io;
  }
}
