package io.lakeward.optimizer.runtime;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.exceptions.UnauthorizedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registration alive: heartbeats at the interval the AMS asked for, registers again when
 * the AMS no longer knows the token, and retries with backoff while the AMS cannot be reached. It
 * never gives up on its own; only {@code stop} ends it.
 */
final class HeartbeatLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatLoop.class);

  private final OptimizingClient client;
  private final OptimizerSession session;
  private final Backoff backoff;
  private final StopSignal stop;
  private final String ams;

  HeartbeatLoop(OptimizingClient client, OptimizerSession session, Backoff backoff, StopSignal stop, String ams) {
    this.client = requireNonNull(client, "client is null");
    this.session = requireNonNull(session, "session is null");
    this.backoff = requireNonNull(backoff, "backoff is null");
    this.stop = requireNonNull(stop, "stop is null");
    this.ams = requireNonNull(ams, "ams is null");
  }

  @Override
  public void run() {
    int failures = 0;
    while (!stop.isSet()) {
      String token = null;
      try {
        token = session.token();
        client.heartbeat(token);
        if (failures > 0) {
          LOG.info("The AMS at {} answers again", ams);
        }
        failures = 0;
        stop.await(session.heartbeatInterval());
      } catch (UnauthorizedException e) {
        LOG.warn("The AMS no longer knows this optimizer ({}); registering again", e.getMessage());
        session.invalidate(token);
        // A short pause: an AMS that refuses fresh tokens must not be hammered.
        stop.await(backoff.delay(1));
      } catch (AmsUnavailableException | LakewardException e) {
        failures++;
        LOG.warn("{}; retrying in {} ms (attempt {})", e.getMessage(), backoff.delay(failures).toMillis(), failures);
        stop.await(backoff.delay(failures));
      } catch (RuntimeException e) {
        failures++;
        LOG.error("Unexpected heartbeat failure; retrying in {} ms", backoff.delay(failures).toMillis(), e);
        stop.await(backoff.delay(failures));
      }
    }
  }
}
