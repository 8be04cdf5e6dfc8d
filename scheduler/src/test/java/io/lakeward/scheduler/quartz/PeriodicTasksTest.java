package io.lakeward.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class PeriodicTasksTest {
  @Test
  void tasksRunRepeatedlyNeverOverlapAndSurviveFailures() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger failing = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    try (PeriodicTasks tasks = new PeriodicTasks("test-" + System.nanoTime(), 4)) {
      tasks.schedule("counting", Duration.ZERO, Duration.ofMillis(50), () -> {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        runs.incrementAndGet();
        busy(Duration.ofMillis(120));
        concurrent.decrementAndGet();
      });
      tasks.schedule("failing", Duration.ZERO, Duration.ofMillis(50), () -> {
        failing.incrementAndGet();
        throw new IllegalStateException("boom");
      });
      awaitAtLeast(runs::get, 4);
      awaitAtLeast(failing::get, 3);
      assertThat(maxConcurrent.get()).as("runs of one task never overlap").isEqualTo(1);
      assertThat(tasks.isRunning()).isTrue();
      tasks.close();
      assertThat(tasks.isRunning()).isFalse();
    }
  }

  @Test
  void closeInterruptsATaskStuckInASleep() throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    PeriodicTasks tasks = new PeriodicTasks("stuck-" + System.nanoTime(), 1);
    tasks.schedule("stuck", Duration.ZERO, Duration.ofHours(1), () -> {
      started.incrementAndGet();
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
      }
    });
    awaitAtLeast(started::get, 1);
    long begin = System.nanoTime();
    tasks.close();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin)).isLessThan(60);
    assertThat(interrupted.get()).isEqualTo(1);
    assertThat(tasks.isRunning()).isFalse();
  }

  private static void awaitAtLeast(IntSupplier value, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (value.getAsInt() < expected) {
      assertThat(System.nanoTime()).as("only %s runs", value.getAsInt()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Keeps the task running for a while without sleeping the scheduler thread's interrupt away. */
  private static void busy(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
