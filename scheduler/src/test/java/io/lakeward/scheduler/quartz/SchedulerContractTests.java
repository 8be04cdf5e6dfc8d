package io.lakeward.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link LakewardScheduler} does on every job store: periodic tasks that never overlap and
 * survive failures, per-key cron triggers, and a shutdown that interrupts running work.
 */
public abstract class SchedulerContractTests {
  protected static final String NAME = "lakeward-test";
  protected static final String EVERY_SECOND = "* * * * * ?";

  private final List<LakewardScheduler> opened = new ArrayList<>();

  /** Settings of a scheduler named name with threads threads on the store under test. */
  protected abstract SchedulerSettings settings(String name, int threads);

  /** A new scheduler on the store under test, closed after the test. Not started. */
  protected LakewardScheduler open(SchedulerSettings settings) {
    LakewardScheduler scheduler = new LakewardScheduler(settings);
    opened.add(scheduler);
    return scheduler;
  }

  protected LakewardScheduler open(int threads) {
    return open(settings(NAME, threads));
  }

  @AfterEach
  void closeSchedulers() {
    opened.forEach(LakewardScheduler::close);
    opened.clear();
  }

  @Test
  void periodicTasksRunRepeatedlyNeverOverlapAndSurviveFailures() {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger failing = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    LakewardScheduler scheduler = open(4);
    scheduler.schedule("counting", Duration.ZERO, Duration.ofMillis(50), () -> {
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      runs.incrementAndGet();
      busy(Duration.ofMillis(120));
      concurrent.decrementAndGet();
    });
    scheduler.schedule("failing", Duration.ZERO, Duration.ofMillis(50), () -> {
      failing.incrementAndGet();
      throw new IllegalStateException("boom");
    });
    assertThat(scheduler.isRunning()).as("nothing runs before start").isFalse();
    scheduler.start();
    Await.until(() -> runs.get() >= 4, () -> "4 runs, got " + runs.get());
    Await.until(() -> failing.get() >= 3, () -> "3 failing runs, got " + failing.get());
    assertThat(maxConcurrent.get()).as("runs of one task never overlap").isEqualTo(1);
    assertThat(scheduler.isRunning()).isTrue();
    scheduler.close();
    assertThat(scheduler.isRunning()).isFalse();
  }

  @Test
  void closeInterruptsATaskStuckInASleep() {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    LakewardScheduler scheduler = open(1);
    scheduler.schedule("stuck", Duration.ZERO, Duration.ofHours(1), () -> {
      started.incrementAndGet();
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
      }
    });
    scheduler.start();
    Await.until(() -> started.get() == 1, () -> "the stuck task to start");
    long begin = System.nanoTime();
    scheduler.close();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin)).isLessThan(60);
    assertThat(interrupted.get()).isEqualTo(1);
    assertThat(scheduler.isRunning()).isFalse();
  }

  @Test
  void cronTriggerFiresTheHandlerWithItsKeyAndData() {
    CronFires fires = new CronFires();
    LakewardScheduler scheduler = open(2);
    scheduler.onCron(fires.handler("a"));
    scheduler.start();
    scheduler.scheduleCron("lake.db.orders:full", EVERY_SECOND, null, Map.of("type", "FULL"));
    assertThat(scheduler.cronKeys()).containsExactly("lake.db.orders:full");
    assertThat(scheduler.nextCronFireTime("lake.db.orders:full")).isPresent();

    fires.awaitAtLeast("lake.db.orders:full", 2);
    CronFires.Fire first = fires.of("lake.db.orders:full").get(0);
    assertThat(first.data()).isEqualTo(Map.of("type", "FULL"));
    // Not asserted to be on a whole second: on a loaded machine a late fire is a misfire, fired "now".
    assertThat(first.scheduledFireTime()).isNotNull();
    assertThatThrownBy(() -> scheduler.onCron(fires.handler("b"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void cronFiresOfOneKeyNeverOverlapAndAFailingHandlerKeepsTheSchedule() {
    CronFires fires = new CronFires();
    LakewardScheduler scheduler = open(4);
    scheduler.onCron(fires.handler("a", key -> {
      if (key.equals("failing")) {
        throw new IllegalStateException("boom");
      }
      busy(Duration.ofMillis(1500));
    }));
    scheduler.start();
    scheduler.scheduleCron("slow", EVERY_SECOND, null, Map.of());
    scheduler.scheduleCron("failing", EVERY_SECOND, null, Map.of());
    fires.awaitAtLeast("failing", 3);
    fires.awaitAtLeast("slow", 3);
    assertThat(fires.maxConcurrent("slow")).as("fires of one key never overlap").isEqualTo(1);
    assertThat(scheduler.cronKeys()).containsExactly("failing", "slow");
  }

  @Test
  void invalidCronTriggersAreRejected() {
    LakewardScheduler scheduler = open(1);
    assertThatThrownBy(() -> scheduler.scheduleCron("k", "every night", null, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid cron expression");
    // Quartz cron has seconds and needs '?' in day-of-month or day-of-week.
    assertThatThrownBy(() -> scheduler.scheduleCron("k", "0 2 * * *", null, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid cron expression");
    assertThatThrownBy(() -> scheduler.scheduleCron("k", "0 0 2 * * *", null, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid cron expression");
    assertThatThrownBy(() -> scheduler.scheduleCron("k", "0 0 0 1 1 ? 2001", null, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("never fires again");
    assertThatThrownBy(() -> scheduler.scheduleCron("k", "0 0 2 * * ?", "Mars/Olympus", Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Mars/Olympus");
    assertThatThrownBy(() -> scheduler.scheduleCron(" ", "0 0 2 * * ?", null, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid cron key");
    assertThatThrownBy(() -> scheduler.scheduleCron("k".repeat(191), "0 0 2 * * ?", null, Map.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("Invalid cron key");
    assertThat(scheduler.cronKeys()).isEmpty();
  }

  @Test
  void aChangedExpressionReplacesTheTriggerInItsTimeZone() {
    LakewardScheduler scheduler = open(1);
    scheduler.scheduleCron("nightly", "0 0 2 * * ?", null, Map.of());
    Instant at2 = scheduler.nextCronFireTime("nightly").orElseThrow();
    assertThat(at2.atZone(ZoneId.of("UTC")).getHour()).isEqualTo(2);

    scheduler.scheduleCron("nightly", "0 30 3 * * ?", "Asia/Shanghai", Map.of());
    ZonedDateTime next = scheduler.nextCronFireTime("nightly").orElseThrow().atZone(ZoneId.of("Asia/Shanghai"));
    assertThat(next.getHour()).isEqualTo(3);
    assertThat(next.getMinute()).isEqualTo(30);
    assertThat(scheduler.cronKeys()).containsExactly("nightly");

    scheduler.unscheduleCron("nightly");
    scheduler.unscheduleCron("never-scheduled");
    assertThat(scheduler.cronKeys()).isEmpty();
    assertThat(scheduler.nextCronFireTime("nightly")).isEmpty();
  }

  @Test
  void unscheduleCronStopsTheFires() {
    CronFires fires = new CronFires();
    LakewardScheduler scheduler = open(2);
    scheduler.onCron(fires.handler("a"));
    scheduler.start();
    scheduler.scheduleCron("stopped", EVERY_SECOND, null, Map.of());
    fires.awaitAtLeast("stopped", 1);
    scheduler.unscheduleCron("stopped");
    assertThat(scheduler.cronKeys()).isEmpty();

    // A witness key shows time passing on a working scheduler; a fire of the stopped key that was
    // already under way has landed by the witness's first fire.
    scheduler.scheduleCron("witness", EVERY_SECOND, null, Map.of());
    fires.awaitAtLeast("witness", 1);
    int stoppedFires = fires.of("stopped").size();
    fires.awaitAtLeast("witness", 3);
    assertThat(fires.of("stopped")).hasSize(stoppedFires);
  }

  @Test
  void unscheduleStopsAPeriodicTask() {
    LakewardScheduler scheduler = open(2);
    java.util.concurrent.atomic.AtomicInteger stopped = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger witness = new java.util.concurrent.atomic.AtomicInteger();
    scheduler.schedule("stopped", Duration.ZERO, Duration.ofMillis(50), stopped::incrementAndGet);
    scheduler.start();
    Await.until(() -> stopped.get() >= 1, () -> "the task to run");
    scheduler.unschedule("stopped");
    scheduler.unschedule("never-scheduled");

    // A witness task shows time passing on a working scheduler, as in unscheduleCronStopsTheFires.
    scheduler.schedule("witness", Duration.ZERO, Duration.ofMillis(50), witness::incrementAndGet);
    Await.until(() -> witness.get() >= 1, () -> "the witness to run");
    int runs = stopped.get();
    Await.until(() -> witness.get() >= 10, () -> "ten witness runs");
    assertThat(stopped.get()).isEqualTo(runs);
  }

  /** Keeps a thread busy without sleeping, so a pending interrupt is not consumed. */
  protected static void busy(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
