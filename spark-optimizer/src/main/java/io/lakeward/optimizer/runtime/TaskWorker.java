package io.lakeward.optimizer.runtime;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.OptimizingTask;
import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.exceptions.UnauthorizedException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution thread: polls the AMS for a task, runs it, and polls again, until the optimizer
 * stops polling. A stop never interrupts a running task here; the optimizer interrupts the thread
 * only when the grace period is over.
 */
final class TaskWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWorker.class);

  private final int threadId;
  private final OptimizingClient client;
  private final OptimizerSession session;
  private final TaskExecution execution;
  private final Backoff backoff;
  private final Duration pollInterval;
  private final StopSignal stopPolling;
  private volatile boolean busy;
  private volatile long lastActiveNanos = System.nanoTime();

  TaskWorker(int threadId, OptimizingClient client, OptimizerSession session, TaskExecution execution, Backoff backoff,
      Duration pollInterval, StopSignal stopPolling) {
    this.threadId = threadId;
    this.client = requireNonNull(client, "client is null");
    this.session = requireNonNull(session, "session is null");
    this.execution = requireNonNull(execution, "execution is null");
    this.backoff = requireNonNull(backoff, "backoff is null");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    this.stopPolling = requireNonNull(stopPolling, "stopPolling is null");
  }

  /** Whether the thread is running a task now. */
  boolean busy() {
    return busy;
  }

  /** When this thread last ran a task (or started), in {@link System#nanoTime()}. */
  long lastActiveNanos() {
    return lastActiveNanos;
  }

  @Override
  public void run() {
    int failures = 0;
    while (!stopPolling.isSet() && !Thread.currentThread().isInterrupted()) {
      String token = null;
      try {
        token = session.token();
        Optional<OptimizingTask> task = client.poll(token, threadId);
        if (failures > 0) {
          LOG.info("Thread {} reaches the AMS again", threadId);
        }
        failures = 0;
        if (task.isEmpty()) {
          stopPolling.await(pollInterval);
          continue;
        }
        busy = true;
        try {
          execution.run(task.get(), token);
        } finally {
          lastActiveNanos = System.nanoTime();
          busy = false;
        }
      } catch (UnauthorizedException e) {
        // The heartbeat thread or this one registers again on the next call.
        session.invalidate(token);
        stopPolling.await(backoff.delay(1));
      } catch (AmsUnavailableException | LakewardException e) {
        failures++;
        if (failures == 1) {
          LOG.warn("Thread {} cannot poll: {}; retrying with backoff up to {} ms", threadId, e.getMessage(),
              backoff.delay(Integer.MAX_VALUE).toMillis());
        } else {
          LOG.debug("Thread {} cannot poll (attempt {}): {}", threadId, failures, e.getMessage());
        }
        stopPolling.await(backoff.delay(failures));
      } catch (RuntimeException e) {
        failures++;
        LOG.error("Thread {} failed unexpectedly; polling again", threadId, e);
        stopPolling.await(backoff.delay(failures));
      }
    }
    LOG.info("Thread {} stopped", threadId);
  }
}
