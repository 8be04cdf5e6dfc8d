package io.lakeward.optimizer.rewrite;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.OutputFile;

/**
 * A real HadoopFileIO that interrupts the calling thread when the third output file is created, the
 * way a shutdown interrupts a rewrite in the middle of its work. Loaded through the table's io-impl.
 */
public class InterruptingFileIO extends HadoopFileIO {
  private final AtomicInteger outputs = new AtomicInteger();

  @Override
  public OutputFile newOutputFile(String path) {
    OutputFile file = super.newOutputFile(path);
    if (outputs.incrementAndGet() == 3) {
      Thread.currentThread().interrupt();
    }
    return file;
  }
}
