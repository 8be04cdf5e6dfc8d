package io.lakeward.optimizer.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-way stop signal that loops sleep on, so a stop wakes them at once instead of after their
 * current pause, without interrupting a thread that is in the middle of a task.
 */
final class StopSignal {
  private final CountDownLatch latch = new CountDownLatch(1);

  void set() {
    latch.countDown();
  }

  boolean isSet() {
    return latch.getCount() == 0;
  }

  /** Pauses for the duration or until the signal is set; true when it is set (or the thread was interrupted). */
  boolean await(Duration pause) {
    try {
      return latch.await(pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
