package io.lakeward.optimizer.runtime;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import io.lakeward.common.Identifiers;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.time.Duration;

/**
 * How an optimizer runs, validated when built.
 *
 * @param ams the AMS optimizing service
 * @param group the optimizer group whose tasks this optimizer executes
 * @param threads execution threads, each polling and running one task at a time
 * @param memoryMb memory reported to the AMS at registration
 * @param gracePeriod how long a stop waits for running tasks before it interrupts them
 * @param pollInterval pause after a poll that found no task
 * @param callTimeout connect and read timeout of each call to the AMS
 * @param maxRetryDelay longest pause between retries while the AMS cannot be reached
 * @param heartbeatInterval how often to heartbeat; zero for the interval the AMS asks for
 * @param idleExit the optimizer stops after this long without a task; zero for never
 * @param resourceId names this optimizer's process to the AMS (an application the AMS launched
 *     passes the id the AMS gave it); null for {@code <pid>@<host>}
 */
public record OptimizerSettings(
    ThriftEndpoint ams,
    String group,
    int threads,
    int memoryMb,
    Duration gracePeriod,
    Duration pollInterval,
    Duration callTimeout,
    Duration maxRetryDelay,
    Duration heartbeatInterval,
    Duration idleExit,
    String resourceId) {
  public static final int MAX_THREADS = 4096;

  /** Settings with the AMS's heartbeat interval, no idle exit and the default resource id. */
  public OptimizerSettings(ThriftEndpoint ams, String group, int threads, int memoryMb, Duration gracePeriod,
      Duration pollInterval, Duration callTimeout, Duration maxRetryDelay) {
    this(ams, group, threads, memoryMb, gracePeriod, pollInterval, callTimeout, maxRetryDelay, Duration.ZERO,
        Duration.ZERO, null);
  }

  public OptimizerSettings {
    checkArgument(ams != null, "Invalid AMS address: missing");
    Identifiers.checkName("optimizer group", group);
    checkArgument(threads > 0 && threads <= MAX_THREADS, "Invalid thread count: %s (1 to %s)", threads, MAX_THREADS);
    checkArgument(memoryMb > 0, "Invalid memory: %s MB (must be positive)", memoryMb);
    checkPositive("grace period", gracePeriod, true);
    checkPositive("poll interval", pollInterval, false);
    checkPositive("call timeout", callTimeout, false);
    checkArgument(callTimeout.toMillis() <= Integer.MAX_VALUE, "Invalid call timeout: %s", callTimeout);
    checkPositive("max retry delay", maxRetryDelay, false);
    checkPositive("heartbeat interval", heartbeatInterval, true);
    checkPositive("idle exit", idleExit, true);
    checkArgument(resourceId == null || resourceId.matches("[A-Za-z0-9_.@:-]{1,200}"),
        "Invalid resource id: '%s' (letters, digits and _.@:- only, at most 200)", resourceId);
  }

  private static void checkPositive(String what, Duration value, boolean zeroAllowed) {
    checkArgument(value != null, "Invalid %s: missing", what);
    checkArgument(zeroAllowed ? !value.isNegative() : !value.isNegative() && !value.isZero(), "Invalid %s: %s", what, value);
  }
}
