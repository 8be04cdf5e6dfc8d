package io.lakeward.ams.catalog;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.BlockerConfig;
import io.lakeward.ams.persistence.BlockerStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Blockers let an engine hold off optimizing (or maintenance) of a table during a large write. Each
 * has a bounded lifetime; an engine that dies simply stops renewing and the blocker lapses.
 */
public final class TableBlockers {
  private final InternalMetastore metastore;
  private final BlockerStore store;
  private final BlockerConfig config;
  private final Clock clock;

  public TableBlockers(InternalMetastore metastore, BlockerStore store, BlockerConfig config, Clock clock) {
    this.metastore = requireNonNull(metastore, "metastore is null");
    this.store = requireNonNull(store, "store is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public BlockerRecord block(TableName table, List<String> operations, Long ttlMillis, Map<String, String> properties) {
    checkArgument(operations != null && !operations.isEmpty(), "Invalid blocker for %s: no operations", table);
    long ttl = ttlMillis == null || ttlMillis == 0 ? config.defaultTtl().toMillis() : ttlMillis;
    checkArgument(ttl > 0, "Invalid blocker ttl: %s ms", ttl);
    ttl = Math.min(ttl, config.maxTtl().toMillis());
    metastore.getTable(table);
    long now = clock.millis();
    BlockerRecord blocker = new BlockerRecord(UUID.randomUUID().toString(), table, operations, now, now + ttl, ttl, properties);
    store.insert(blocker);
    return blocker;
  }

  public long renew(TableName table, String blockerId) {
    checkArgument(blockerId != null && !blockerId.isBlank(), "Invalid blocker id: empty");
    return store.renew(table, blockerId, clock.millis()).orElseThrow(() -> noSuchBlocker(table, blockerId));
  }

  public void release(TableName table, String blockerId) {
    checkArgument(blockerId != null && !blockerId.isBlank(), "Invalid blocker id: empty");
    if (!store.delete(table, blockerId)) {
      throw noSuchBlocker(table, blockerId);
    }
  }

  public List<BlockerRecord> live(TableName table) {
    metastore.getTable(table);
    return store.listLive(table, clock.millis());
  }

  /** Removes expired rows; readers already ignore them, this only keeps the table small. */
  public int purgeExpired() {
    return store.deleteExpired(clock.millis());
  }

  private static NotFoundException noSuchBlocker(TableName table, String blockerId) {
    return new NotFoundException(ErrorCode.NO_SUCH_BLOCKER,
        "Blocker " + blockerId + " of table " + table + " does not exist or has expired");
  }
}
