package io.lakeward.optimizer.standalone;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.optimizer.rewrite.RewriteExecutor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An optimizer in a plain JVM: registers with the AMS, heartbeats, and runs one task at a time on
 * each of its threads until it is stopped. A stop ends polling, lets running tasks finish and
 * complete within the grace period, interrupts (and reports as failed) what is still running after
 * it, and returns once every thread has ended.
 *
 * <p>{@link #main} is the command line ({@code sbin/optimizer.sh start}); SIGTERM stops the process
 * gracefully and it exits with status 0.
 */
public final class StandaloneOptimizer {
  /** Log4j2 configuration in this jar, used unless -Dlog4j2.configurationFile names another. */
  static final String LOG_CONFIGURATION = "lakeward-optimizer-log4j2.xml";

  // Not static: main chooses the logging configuration before the first logger exists.
  private final Logger log = LoggerFactory.getLogger(StandaloneOptimizer.class);
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

  public StandaloneOptimizer(OptimizerSettings settings, OptimizingClient client, RewriteExecutor executor) {
    this.settings = requireNonNull(settings, "settings is null");
    requireNonNull(client, "client is null");
    requireNonNull(executor, "executor is null");
    long startedAt = System.currentTimeMillis();
    String host = hostName();
    String resourceId = ProcessHandle.current().pid() + "@" + host;
    this.session = new OptimizerSession(client, () -> new OptimizerRegisterInfo()
        .setGroup(settings.group())
        .setThreadCount(settings.threads())
        .setMemoryMb(settings.memoryMb())
        .setHost(host)
        .setResourceId(resourceId)
        .setStartedAtMillis(startedAt)
        .setProperties(Map.of("optimizer-type", "standalone")));
    Backoff backoff = new Backoff(settings.maxRetryDelay());
    this.heartbeat = new Thread(new HeartbeatLoop(client, session, backoff, stopHeartbeat, settings.ams().toString()),
        "lakeward-optimizer-heartbeat");
    heartbeat.setDaemon(true);
    for (int threadId = 0; threadId < settings.threads(); threadId++) {
      TaskExecution execution = new TaskExecution(threadId, client, session, executor, backoff, hardStop);
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
    log.info("Starting a standalone optimizer for group {} with {} threads against the AMS at {}",
        settings.group(), settings.threads(), settings.ams());
    heartbeat.start();
    threads.forEach(Thread::start);
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
    log.info("Stopping: no new tasks; waiting up to {} ms for {} running tasks", settings.gracePeriod().toMillis(), running);
    stopPolling.set();
    long deadline = System.nanoTime() + settings.gracePeriod().toNanos();
    joinUntil(threads, deadline);
    List<Thread> late = threads.stream().filter(Thread::isAlive).toList();
    if (!late.isEmpty()) {
      log.warn("Grace period over: interrupting {} running tasks; they delete their files and report failure", late.size());
      hardStop.set();
      late.forEach(Thread::interrupt);
      // Long enough for a rewrite to clean up and one completion call to time out.
      joinUntil(late, System.nanoTime() + settings.callTimeout().multipliedBy(2).plusSeconds(10).toNanos());
    }
    stopHeartbeat.set();
    joinUntil(List.of(heartbeat), System.nanoTime() + settings.callTimeout().plusSeconds(5).toNanos());
    long stillAlive = threads.stream().filter(Thread::isAlive).count();
    if (stillAlive > 0) {
      log.warn("Optimizer stopped with {} threads still busy", stillAlive);
    } else {
      log.info("Optimizer stopped");
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

  /** The token of the current registration, if registered. */
  public Optional<String> token() {
    return session.currentToken();
  }

  /** Threads of this optimizer that are still running. */
  public long liveThreads() {
    return threads.stream().filter(Thread::isAlive).count() + (heartbeat.isAlive() ? 1 : 0);
  }

  public static void main(String[] args) {
    int exitCode = OptimizerCommand.execute(StandaloneOptimizer::runUntilStopped, args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** Runs an optimizer until the JVM is asked to shut down. */
  static int runUntilStopped(OptimizerSettings settings) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
    }
    if (System.getProperty("lakeward.optimizer.group") == null) {
      System.setProperty("lakeward.optimizer.group", settings.group());
    }
    Configuration hadoopConf = new Configuration();
    // Running tasks still write during a graceful stop; Hadoop must not close the file systems under them.
    hadoopConf.setBoolean("fs.automatic.close", false);
    StandaloneOptimizer optimizer = new StandaloneOptimizer(settings,
        new ThriftOptimizingClient(settings.ams(), settings.callTimeout()), new RewriteExecutor(hadoopConf));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      optimizer.stop();
      // A graceful stop is a success: exit 0 rather than the 143 of a JVM ended by SIGTERM.
      Runtime.getRuntime().halt(0);
    }, "lakeward-optimizer-shutdown"));
    optimizer.start();
    optimizer.awaitStopped(Duration.ofDays(36500));
    return 0;
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
