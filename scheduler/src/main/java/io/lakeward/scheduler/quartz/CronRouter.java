package io.lakeward.scheduler.quartz;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cron handler of a scheduler, handing each fire to the handler registered for the prefix of
 * its key (for example "full:" for full optimizing, "maintenance:" for maintenance actions).
 */
public final class CronRouter implements CronHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CronRouter.class);

  private final Map<String, CronHandler> handlers = new LinkedHashMap<>();

  /** Routes the fires of keys starting with prefix to handler; call before the scheduler starts. */
  public synchronized CronRouter route(String prefix, CronHandler handler) {
    requireNonNull(prefix, "prefix is null");
    requireNonNull(handler, "handler is null");
    if (handlers.putIfAbsent(prefix, handler) != null) {
      throw new IllegalArgumentException("Prefix " + prefix + " already has a cron handler");
    }
    return this;
  }

  @Override
  public void fire(String key, Map<String, String> data, Instant scheduledFireTime) {
    CronHandler handler;
    synchronized (this) {
      handler = handlers.entrySet().stream().filter(e -> key.startsWith(e.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(null);
    }
    if (handler == null) {
      LOG.warn("No handler for cron trigger {}; the fire is skipped", key);
      return;
    }
    handler.fire(key, data, scheduledFireTime);
  }
}
