package io.lakeward.benchmarks.planning;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Heap use of this JVM as its garbage collectors see it. Every collection reports the heap before
 * and after it; this keeps the largest of each since {@link #reset}:
 *
 * <ul>
 *   <li>before a collection: the heap in use, garbage included; the highest such value is the peak
 *       heap the collector let the work occupy (at most -Xmx);
 *   <li>after a collection: what survived it; with collections forced every few milliseconds
 *       ({@link #sampleLive}) the highest such value is the peak live heap, sampled: the memory the
 *       work needed at once.
 * </ul>
 */
public final class HeapMeter {
  private final Set<String> heapPools;
  private final AtomicLong maxBefore = new AtomicLong();
  private final AtomicLong maxAfter = new AtomicLong();
  private final AtomicLong notified = new AtomicLong();

  private HeapMeter() {
    this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
        .collect(Collectors.toUnmodifiableSet());
  }

  public static HeapMeter install() {
    HeapMeter meter = new HeapMeter();
    // Collections before now were never notified to this meter; count them as seen.
    meter.notified.set(collections());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          meter.record(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
        }
      }, null, null);
    }
    return meter;
  }

  /** Names of the collectors, for the report ("G1 Young Generation, G1 Old Generation"). */
  public static String collectors() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", "));
  }

  /** Collects what earlier work left behind and starts counting afresh. */
  public void reset() {
    System.gc();
    awaitNotifications();
    maxBefore.set(0);
    maxAfter.set(0);
  }

  /** The heap left after a full collection now: what this JVM holds when idle. */
  public long liveNow() {
    reset();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Peak heap in use since the last reset, garbage included (at least what is in use now). */
  public long peakUsed() {
    awaitNotifications();
    return Math.max(maxBefore.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  /** Largest heap left after a collection since the last reset. */
  public long peakAfterGc() {
    awaitNotifications();
    return maxAfter.get();
  }

  /**
   * Runs {@code work} while another thread forces a full collection every {@code intervalMillis},
   * and returns the peak live heap seen (including after a last collection while the result is
   * still held). The work runs far slower meanwhile: never time it.
   */
  public <T> long sampleLive(Supplier<T> work, long intervalMillis) throws InterruptedException {
    reset();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        try {
          Thread.sleep(intervalMillis);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "live-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    T result;
    try {
      result = work.get();
    } finally {
      sampler.interrupt();
      sampler.join();
    }
    System.gc();
    long peak = peakAfterGc();
    Reference.reachabilityFence(result);
    return peak;
  }

  private void record(GarbageCollectionNotificationInfo info) {
    long before = heapUsed(info.getGcInfo().getMemoryUsageBeforeGc());
    long after = heapUsed(info.getGcInfo().getMemoryUsageAfterGc());
    maxBefore.accumulateAndGet(before, Math::max);
    maxAfter.accumulateAndGet(after, Math::max);
    notified.incrementAndGet();
  }

  private long heapUsed(Map<String, MemoryUsage> byPool) {
    return byPool.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
        .mapToLong(e -> e.getValue().getUsed()).sum();
  }

  /** Notifications arrive on a JMX thread after the collection; wait (briefly) until all have. */
  private void awaitNotifications() {
    long deadline = System.nanoTime() + 500_000_000L;
    while (notified.get() < collections() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long collections() {
    List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
    return gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  /** Collections and their total pause time so far, for the report. */
  public static long[] gcCountAndMillis() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }
}
