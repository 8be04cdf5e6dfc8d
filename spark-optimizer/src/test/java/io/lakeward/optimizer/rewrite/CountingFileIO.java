package io.lakeward.optimizer.rewrite;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;

/** A real HadoopFileIO that counts how often each file is opened for reading. Loaded through the table's io-impl. */
public class CountingFileIO extends HadoopFileIO {
  static final Map<String, AtomicInteger> OPENS = new ConcurrentHashMap<>();

  @Override
  public InputFile newInputFile(String path) {
    OPENS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    return super.newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    OPENS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    return super.newInputFile(path, length);
  }
}
