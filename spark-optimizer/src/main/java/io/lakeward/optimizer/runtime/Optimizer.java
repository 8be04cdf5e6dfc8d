package io.lakeward.optimizer.runtime;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.optimizer.rewrite.TaskRewriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An optimizer: registers with the AMS, heartbeats, and runs one task at a time on each of its
 * execution threads until it is stopped or has been idle for the idle-exit time. Where a task's
 * rewrite runs is up to the {@link TaskRewriter}: in the thread itself (the standalone optimizer)
 * or as a Spark job (the Spark optimizer's driver).
 *
 * <p>A stop ends polling, lets running tasks finish and complete within the grace period,
 * interrupts (and reports as failed, so the AMS retries them) what is still running after it, and
 * returns once every thread has ended.
 */
public final class Optimizer {
  private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);
  private static final Duration IDLE_CHECK_INTERVAL = Duration.ofMillis(500);

  private final OptimizerSettings settings;
  private final OptimizerSession session;
  private final StopSignal stopPolling = new StopSignal();
  private final StopSignal hardStop = new StopSignal();
  private final StopSignal stopHeartbeat = new StopSignal();
  private final Thread heartbeat;
  private final List<Thread> threads = new ArrayList<>();
  private final List<TaskWorker> workers = new ArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean idleExited;

  /**
   * @param properties what the optimizer tells the AMS about itself at registration (its type, a
   *     Spark application id, ...)
   */
  public Optimizer(OptimizerSettings settings, OptimizingClient client, TaskRewriter rewriter, Map<String, String> properties) {
    this.settings = requireNonNull(settings, "settings is null");
    requireNonNull(client, "client is null");
    requireNonNull(rewriter, "rewriter is null");
    Map<String, String> registered = new LinkedHashMap<>(requireNonNull(properties, "properties is null"));
    long startedAt = System.currentTimeMillis();
    String host = hostName();
    String resourceId = settings.resourceId() != null ? settings.resourceId() : ProcessHandle.current().pid() + "@" + host;
    this.session = new OptimizerSession(client, () -> new OptimizerRegisterInfo()
        .setGroup(settings.group())
        .setThreadCount(settings.threads())
        .setMemoryMb(settings.memoryMb())
        .setHost(host)
        .setResourceId(resourceId)
        .setStartedAtMillis(startedAt)
        .setProperties(registered), settings.heartbeatInterval());
    Backoff backoff = new Backoff(settings.maxRetryDelay());
    this.heartbeat = new Thread(new HeartbeatLoop(client, session, backoff, stopHeartbeat, settings.ams().toString()),
        "lakeward-optimizer-heartbeat");
    heartbeat.setDaemon(true);
    for (int threadId = 0; threadId < settings.threads(); threadId++) {
      TaskExecution execution = new TaskExecution(threadId, client, session, rewriter, backoff, hardStop);
      TaskWorker worker = new TaskWorker(threadId, client, session, execution, backoff, settings.pollInterval(), stopPolling);
      Thread thread = new Thread(worker, "lakeward-optimizer-" + threadId);
      // Daemon threads: the process ends when main returns or a stop completes, whatever they are doing.
      thread.setDaemon(true);
      workers.add(worker);
      threads.add(thread);
    }
  }

  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("The optimizer was started already");
    }
    LOG.info("Starting an optimizer for group {} with {} threads against the AMS at {}{}", settings.group(),
        settings.threads(), settings.ams(),
        settings.idleExit().isZero() ? "" : "; exits after " + settings.idleExit().toSeconds() + " s without a task");
    heartbeat.start();
    threads.forEach(Thread::start);
    if (!settings.idleExit().isZero()) {
      Thread idleWatch = new Thread(this::watchIdleness, "lakeward-optimizer-idle-watch");
      idleWatch.setDaemon(true);
      idleWatch.start();
    }
  }

  /**
   * Stops gracefully and returns once stopped: no more polls, running tasks get the grace period to
   * finish and complete, then are interrupted. A second call waits for the first.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      awaitStopped(Duration.ofDays(365));
      return;
    }
    long running = workers.stream().filter(TaskWorker::busy).count();
    LOG.info("Stopping: no new tasks; waiting up to {} ms for {} running tasks", settings.gracePeriod().toMillis(), running);
    stopPolling.set();
    long deadline = System.nanoTime() + settings.gracePeriod().toNanos();
    joinUntil(threads, deadline);
    List<Thread> late = threads.stream().filter(Thread::isAlive).toList();
    if (!late.isEmpty()) {
      LOG.warn("Grace period over: interrupting {} running tasks; they delete their files and report failure", late.size());
      hardStop.set();
      late.forEach(Thread::interrupt);
      // Long enough for a rewrite to clean up and one completion call to time out.
      joinUntil(late, System.nanoTime() + settings.callTimeout().multipliedBy(2).plusSeconds(10).toNanos());
    }
    stopHeartbeat.set();
    joinUntil(List.of(heartbeat), System.nanoTime() + settings.callTimeout().plusSeconds(5).toNanos());
    long stillAlive = threads.stream().filter(Thread::isAlive).count();
    if (stillAlive > 0) {
      LOG.warn("Optimizer stopped with {} threads still busy", stillAlive);
    } else {
      LOG.info("Optimizer stopped");
    }
    stopped.countDown();
  }

  /** Waits until {@link #stop} has finished; true when it did within the timeout. */
  public boolean awaitStopped(Duration timeout) {
    try {
      return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True when the optimizer stopped itself because it had no task for the idle-exit time. */
  public boolean idleExited() {
    return idleExited;
  }

  /** The token of the current registration, if registered. */
  public Optional<String> token() {
    return session.currentToken();
  }

  /** Threads of this optimizer that are still running. */
  public long liveThreads() {
    return threads.stream().filter(Thread::isAlive).count() + (heartbeat.isAlive() ? 1 : 0);
  }

  private void watchIdleness() {
    long idleNanos = settings.idleExit().toNanos();
    while (!stopping.get()) {
      boolean busy = workers.stream().anyMatch(TaskWorker::busy);
      long lastActive = workers.stream().mapToLong(TaskWorker::lastActiveNanos).max().orElse(System.nanoTime());
      if (!busy && System.nanoTime() - lastActive >= idleNanos) {
        LOG.info("No task for {} s: exiting (idle exit)", settings.idleExit().toSeconds());
        idleExited = true;
        stop();
        return;
      }
      if (stopPolling.await(IDLE_CHECK_INTERVAL)) {
        return;
      }
    }
  }

  private static void joinUntil(List<Thread> threads, long deadlineNanos) {
    for (Thread thread : threads) {
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return;
      }
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
