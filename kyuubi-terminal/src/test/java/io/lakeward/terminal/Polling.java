package io.lakeward.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for asynchronous outcomes by polling with a deadline, never by sleeping a fixed time. */
final class Polling {
  private Polling() {}

  static <T> T until(Supplier<T> actual, Predicate<T> done, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    T last = actual.get();
    while (!done.test(last)) {
      assertThat(System.nanoTime()).as("condition never held (last: %s)", last).isLessThan(deadline);
      Thread.sleep(20);
      last = actual.get();
    }
    return last;
  }
}
