package io.lakeward.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closed-loop load generation: each client thread issues its next operation as soon as the previous
 * one returned; throughput is the operations completed over the wall time from the common start to
 * the last thread's finish.
 */
final class Harness {
  /** One operation of one client thread. */
  @FunctionalInterface
  interface Operation {
    void run() throws Exception;
  }

  /** Operations completed in an elapsed time. */
  record Sample(long operations, long nanos) {
    double perSecond() {
      return operations * 1e9 / nanos;
    }
  }

  /** Whether a thread that has completed {@code done} operations goes on, given the run's start. */
  @FunctionalInterface
  private interface Continue {
    boolean test(long done, long startNanos);
  }

  private Harness() {
  }

  /** Every thread repeats its operation until the duration has passed. */
  static Sample timed(List<Operation> perThread, Duration duration) throws Exception {
    long length = duration.toNanos();
    return run(perThread, (done, start) -> System.nanoTime() - start < length);
  }

  /** Every thread runs its operation exactly {@code count} times. */
  static Sample counted(List<Operation> perThread, int count) throws Exception {
    return run(perThread, (done, start) -> done < count);
  }

  private static Sample run(List<Operation> perThread, Continue goOn) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(perThread.size(), r -> {
      Thread thread = new Thread(r, "bench-client");
      thread.setDaemon(true);
      return thread;
    });
    // All threads are created and waiting before the clock starts, so thread start-up is not measured.
    CountDownLatch ready = new CountDownLatch(perThread.size());
    CountDownLatch go = new CountDownLatch(1);
    long[] start = new long[1];
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (Operation operation : perThread) {
        results.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          long done = 0;
          while (goOn.test(done, start[0])) {
            operation.run();
            done++;
          }
          return new long[] {done, System.nanoTime()};
        }));
      }
      ready.await();
      start[0] = System.nanoTime();
      go.countDown(); // the latch publishes start[0] to the client threads
      long operations = 0;
      long lastFinish = start[0];
      for (Future<long[]> result : results) {
        long[] outcome = outcome(result);
        operations += outcome[0];
        lastFinish = Math.max(lastFinish, outcome[1]);
      }
      return new Sample(operations, lastFinish - start[0]);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long[] outcome(Future<long[]> result) throws Exception {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
