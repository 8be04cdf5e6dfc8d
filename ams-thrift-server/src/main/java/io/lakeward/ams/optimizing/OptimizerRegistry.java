package io.lakeward.ams.optimizing;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.persistence.OptimizerStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.Identifiers;
import io.lakeward.common.exceptions.UnauthorizedException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owns optimizer registrations: tokens, heartbeats, and dropping optimizers that fell silent. */
public final class OptimizerRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(OptimizerRegistry.class);
  private static final int MAX_THREADS = 4096;

  private final OptimizerStore store;
  private final OptimizerConfig config;
  private final Clock clock;

  public OptimizerRegistry(OptimizerStore store, OptimizerConfig config, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public OptimizerRecord register(String group, int threadCount, int memoryMb, String host, String resourceId,
      Map<String, String> properties) {
    validate(group, threadCount, memoryMb);
    long now = clock.millis();
    OptimizerRecord optimizer = new OptimizerRecord(UUID.randomUUID().toString(), group, threadCount, memoryMb,
        host, resourceId, properties, now, now);
    store.insert(optimizer);
    LOG.info("Optimizer registered: group={} threads={} memory={}MB host={} resource={}",
        group, threadCount, memoryMb, host, resourceId);
    return optimizer;
  }

  /** Checks a registration's values; InvalidInputException names the bad one. */
  public static void validate(String group, int threadCount, int memoryMb) {
    Identifiers.checkName("optimizer group", group);
    checkArgument(threadCount > 0 && threadCount <= MAX_THREADS, "Invalid optimizer thread count: %s", threadCount);
    checkArgument(memoryMb >= 0, "Invalid optimizer memory: %s MB", memoryMb);
  }

  /** Accepts a heartbeat; UnauthorizedException tells the optimizer to register again. */
  public void heartbeat(String token) {
    if (token == null || !store.touch(token, clock.millis())) {
      throw unknownToken();
    }
  }

  /** Throws UnauthorizedException unless the token belongs to a registered optimizer. */
  public OptimizerRecord authenticate(String token) {
    if (token == null) {
      throw unknownToken();
    }
    return store.find(token).orElseThrow(OptimizerRegistry::unknownToken);
  }

  public List<OptimizerRecord> list() {
    return store.list();
  }

  /** Drops optimizers silent for longer than the heartbeat timeout; returns them. */
  public List<OptimizerRecord> expireSilent() {
    List<OptimizerRecord> dropped = store.deleteSilentSince(clock.millis() - config.heartbeatTimeout().toMillis());
    dropped.forEach(o -> LOG.warn("Optimizer {} of group {} dropped: no heartbeat for {}",
        o.token(), o.group(), config.heartbeatTimeout()));
    return dropped;
  }

  private static UnauthorizedException unknownToken() {
    return new UnauthorizedException(ErrorCode.NO_SUCH_OPTIMIZER, "Unknown or expired optimizer token: register again");
  }
}
