package io.lakeward.optimizer.rewrite;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.io.InputFile;

/**
 * Loads the delete files of one task once. A streaming upsert leaves equality-delete files that
 * apply to every older data file of a partition, so without a cache a task of N data files would
 * read each such delete file N times. Loaded deletes stay cached for the task while they fit the
 * budget; beyond it, delete files are read per data file as Iceberg does by default.
 */
final class TaskDeleteCache extends BaseDeleteLoader {
  private final long budgetBytes;
  private final AtomicLong cachedBytes = new AtomicLong();
  private final Map<String, Object> cache = new ConcurrentHashMap<>();

  TaskDeleteCache(Function<DeleteFile, InputFile> loadInputFile, long budgetBytes) {
    super(loadInputFile);
    this.budgetBytes = budgetBytes;
  }

  @Override
  protected boolean canCache(long size) {
    return cachedBytes.get() + size <= budgetBytes;
  }

  @Override
  @SuppressWarnings("unchecked")
  protected <V> V getOrLoad(String key, Supplier<V> valueSupplier, long valueSize) {
    Object cached = cache.get(key);
    if (cached == null) {
      // Loaded outside the map: two threads may load the same file once each, which is harmless.
      Object loaded = valueSupplier.get();
      cached = cache.putIfAbsent(key, loaded);
      if (cached == null) {
        cachedBytes.addAndGet(valueSize);
        cached = loaded;
      }
    }
    return (V) cached;
  }
}
