package io.lakeward.optimizer.runtime;

import java.time.Duration;

/** Retry pauses that double from one second up to a maximum: 1s, 2s, 4s, ... max. */
final class Backoff {
  private static final Duration FIRST = Duration.ofSeconds(1);

  private final Duration max;

  Backoff(Duration max) {
    this.max = max;
  }

  /** The pause before retry number {@code failures} (1 for the first retry). */
  Duration delay(int failures) {
    Duration delay = FIRST;
    for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) < 0 ? delay : max;
  }
}
