package io.lakeward.scheduler.quartz;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Records every cron fire of one or more schedulers, for assertions. */
public final class CronFires {
  /** One fire: which scheduler ran it, for which key, with which data, due when. */
  public record Fire(String instance, String key, Map<String, String> data, Instant scheduledFireTime) {}

  private final List<Fire> fires = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> maxRunning = new ConcurrentHashMap<>();

  /** A handler that records each fire as made by instance, then runs behaviour with the fired key. */
  public CronHandler handler(String instance, Consumer<String> behaviour) {
    return (key, data, scheduledFireTime) -> {
      fires.add(new Fire(instance, key, data, scheduledFireTime));
      int now = running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      maxRunning.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
      try {
        behaviour.accept(key);
      } finally {
        running.get(key).decrementAndGet();
      }
    };
  }

  public CronHandler handler(String instance) {
    return handler(instance, key -> {});
  }

  public List<Fire> of(String key) {
    return fires.stream().filter(fire -> fire.key().equals(key)).toList();
  }

  public List<Fire> all() {
    return List.copyOf(fires);
  }

  /** The most fires of key that ever ran at the same time. */
  public int maxConcurrent(String key) {
    AtomicInteger max = maxRunning.get(key);
    return max == null ? 0 : max.get();
  }

  public void awaitAtLeast(String key, int count) {
    Await.until(() -> of(key).size() >= count, () -> count + " fires of " + key + " (got " + of(key) + ")");
  }
}
