package io.lakeward.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for asynchronous outcomes by polling with a deadline, never by sleeping a fixed time. */
public final class Await {
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Await() {}

  public static void until(BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited %s for %s", TIMEOUT, what.get()).isLessThan(deadline);
      pause();
    }
  }

  /** Waits for the wall clock, for tests about time passing while no scheduler runs. */
  public static void clockPasses(Instant instant) {
    while (Instant.now().isBefore(instant)) {
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
