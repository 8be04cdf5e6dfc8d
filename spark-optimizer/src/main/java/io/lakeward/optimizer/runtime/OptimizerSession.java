package io.lakeward.optimizer.runtime;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizerRegistration;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimizer's registration with the AMS: the token every call carries. The first caller that
 * needs a token registers; a caller told by the AMS that a token is unknown invalidates it, and the
 * next caller registers again, so the heartbeat thread and every worker share one registration.
 */
final class OptimizerSession {
  private static final Logger LOG = LoggerFactory.getLogger(OptimizerSession.class);
  private static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

  private final OptimizingClient client;
  private final Supplier<OptimizerRegisterInfo> info;
  private final Duration fixedHeartbeatInterval;
  private String token;
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private int registrations;

  /** {@code fixedHeartbeatInterval}: zero to heartbeat as often as the AMS asks at registration. */
  OptimizerSession(OptimizingClient client, Supplier<OptimizerRegisterInfo> info, Duration fixedHeartbeatInterval) {
    this.client = requireNonNull(client, "client is null");
    this.info = requireNonNull(info, "info is null");
    this.fixedHeartbeatInterval = requireNonNull(fixedHeartbeatInterval, "fixedHeartbeatInterval is null");
    if (!fixedHeartbeatInterval.isZero()) {
      heartbeatInterval = fixedHeartbeatInterval;
    }
  }

  /**
   * The current token, registering first when there is none. Throws what registration throws
   * (AmsUnavailableException, or the AMS's refusal); callers retry with their own backoff.
   */
  synchronized String token() {
    if (token == null) {
      OptimizerRegisterInfo registerInfo = info.get();
      OptimizerRegistration registration = client.register(registerInfo);
      if (registration == null || registration.getToken() == null) {
        throw new AmsUnavailableException("The AMS answered a registration without a token", null);
      }
      token = registration.getToken();
      registrations++;
      if (registration.isSetHeartbeatIntervalMillis() && registration.getHeartbeatIntervalMillis() > 0) {
        Duration asked = Duration.ofMillis(registration.getHeartbeatIntervalMillis());
        if (fixedHeartbeatInterval.isZero()) {
          heartbeatInterval = asked;
        } else if (fixedHeartbeatInterval.compareTo(asked) > 0) {
          LOG.warn("Heartbeating every {} ms, less often than the {} ms the AMS asks for: the AMS may drop this "
              + "optimizer as silent", fixedHeartbeatInterval.toMillis(), asked.toMillis());
        }
      }
      LOG.info("{} with the AMS: group {}, {} threads, {} MB, resource {}; heartbeat every {} ms",
          registrations == 1 ? "Registered" : "Registered again", registerInfo.getGroup(), registerInfo.getThreadCount(),
          registerInfo.getMemoryMb(), registerInfo.getResourceId(), heartbeatInterval.toMillis());
    }
    return token;
  }

  /** Forgets the token if it is still the current one; the next {@link #token()} registers again. */
  synchronized void invalidate(String staleToken) {
    if (staleToken != null && staleToken.equals(token)) {
      token = null;
    }
  }

  synchronized Optional<String> currentToken() {
    return Optional.ofNullable(token);
  }

  synchronized Duration heartbeatInterval() {
    return heartbeatInterval;
  }
}
