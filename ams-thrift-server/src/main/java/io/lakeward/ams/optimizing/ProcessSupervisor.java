package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.ams.persistence.OptimizingTaskStore;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.scheduler.runtime.OptimizingStatus;
import io.lakeward.scheduler.runtime.ProcessStatus;
import io.lakeward.scheduler.runtime.TaskStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps processes moving and nothing stuck. On every tick (and once at start-up, which is the
 * recovery after a restart) it: returns tasks of optimizers that are gone, or not acked in time, to
 * PLANNED; fails attempts that ran past the execution timeout; commits processes whose tasks all
 * succeeded (again, if a restart interrupted a commit); cancels processes of groups left without
 * optimizers for a heartbeat timeout; and returns tables whose process ended or vanished to IDLE.
 */
public final class ProcessSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);
  private static final int MAX_COMMIT_ATTEMPTS = 10;
  private static final long STALE_PLANNING_MILLIS = 60 * 60_000L;

  private final OptimizingProcessStore processes;
  private final OptimizingTaskStore tasks;
  private final TableRuntimeStore runtimes;
  private final OptimizerRegistry optimizers;
  private final ProcessCommitter committer;
  private final OptimizerConfig config;
  private final Clock clock;
  private final ExecutorService commits;
  private final Set<Long> committing = ConcurrentHashMap.newKeySet();
  private final Map<Long, Integer> commitAttempts = new ConcurrentHashMap<>();
  private final Map<String, Long> groupEmptySince = new ConcurrentHashMap<>();
  private final long startedAt;

  public ProcessSupervisor(OptimizingProcessStore processes, OptimizingTaskStore tasks, TableRuntimeStore runtimes,
      OptimizerRegistry optimizers, ProcessCommitter committer, OptimizerConfig config, Clock clock) {
    this.processes = requireNonNull(processes, "processes is null");
    this.tasks = requireNonNull(tasks, "tasks is null");
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.optimizers = requireNonNull(optimizers, "optimizers is null");
    this.committer = requireNonNull(committer, "committer is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.startedAt = clock.millis();
    this.commits = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "lakeward-optimizing-commit");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A task succeeded: when it was the process's last, the process commits (in the background). */
  void taskSucceeded(OptimizingProcess process) {
    boolean allDone = tasks.tasks(process.processId()).stream().allMatch(t -> t.status() == TaskStatus.SUCCESS);
    if (allDone && processes.move(process.processId(), ProcessStatus.RUNNING, ProcessStatus.COMMITTING, clock.millis(), null)) {
      runtimes.move(process.table(), OptimizingStatus.optimizing(process.type()), OptimizingStatus.COMMITTING, clock.millis());
      commitLater(process.processId());
    }
  }

  void taskFailedFinally(OptimizingProcess process, int taskIndex, String error) {
    committer.abandon(process, ProcessStatus.FAILED, "Task " + taskIndex + " failed after " + process.maxRetries()
        + " retries: " + error);
  }

  /** Cancels a running process: nothing is committed and its files are deleted. */
  public void cancel(long processId, String reason) {
    OptimizingProcess process = processes.find(processId).orElseThrow(() ->
        new NotFoundException(ErrorCode.NO_SUCH_PROCESS, "Optimizing process does not exist: " + processId));
    if (process.status() != ProcessStatus.RUNNING) {
      throw new io.lakeward.common.exceptions.ConflictException(ErrorCode.CONFLICT,
          "Cannot cancel optimizing process " + processId + ": it is " + process.status());
    }
    committer.abandon(process, ProcessStatus.CANCELED, reason);
  }

  /** One round of timeouts, commits and clean-up; failures are logged and retried next round. */
  public void tick() {
    long now = clock.millis();
    List<OptimizerRecord> live = optimizers.list();
    Set<String> tokens = live.stream().map(OptimizerRecord::token).collect(Collectors.toSet());
    requeueOrphanedAndLate(tokens, now);
    List<OptimizingProcess> active = processes.active();
    Set<String> groups = live.stream().map(OptimizerRecord::group).collect(Collectors.toSet());
    for (OptimizingProcess process : active) {
      try {
        advance(process, groups, now);
      } catch (RuntimeException e) {
        LOG.warn("Cannot advance optimizing process {} of {}: {}", process.processId(), process.table(), e.toString(), e);
      }
    }
    releaseStuckTables(now);
  }

  private void requeueOrphanedAndLate(Set<String> tokens, long now) {
    for (OptimizingTaskRecord task : tasks.running()) {
      try {
        superviseTask(task, tokens, now);
      } catch (RuntimeException e) {
        LOG.warn("Cannot supervise task {}/{}: {}", task.processId(), task.taskIndex(), e.toString());
      }
    }
  }

  private void superviseTask(OptimizingTaskRecord task, Set<String> tokens, long now) {
    boolean gone = !tokens.contains(task.optimizerToken());
    if (task.status() == TaskStatus.SCHEDULED && (gone || task.scheduledAt() != null
        && now - task.scheduledAt() > config.taskAckTimeout().toMillis())) {
      // Never started: another optimizer may take it without using a retry.
      tasks.requeue(task.processId(), task.taskIndex(), task.attemptId(),
          gone ? "optimizer " + task.optimizerToken() + " is gone" : "not acked within " + config.taskAckTimeout());
    } else if (task.status() == TaskStatus.ACKED && (gone || task.ackedAt() != null
        && now - task.ackedAt() > config.taskExecuteTimeout().toMillis())) {
      // It was running: count it as a failed attempt, so a task that kills its optimizers cannot loop forever.
      String reason = gone ? "optimizer " + task.optimizerToken() + " vanished while running it"
          : "not completed within " + config.taskExecuteTimeout();
      processes.find(task.processId()).ifPresent(p -> {
        var next = tasks.fail(task.processId(), task.taskIndex(), task.attemptId(), p.maxRetries(), reason, now);
        if (next.isPresent() && next.get() == TaskStatus.FAILED) {
          taskFailedFinally(p, task.taskIndex(), reason);
        }
      });
    }
  }

  private void advance(OptimizingProcess process, Set<String> groupsWithOptimizers, long now) {
    if (process.status() == ProcessStatus.COMMITTING) {
      commitLater(process.processId());
      return;
    }
    if (orphaned(process)) {
      committer.abandon(process, ProcessStatus.CANCELED, "its table no longer refers to it");
      return;
    }
    List<OptimizingTaskRecord> processTasks = tasks.tasks(process.processId());
    if (processTasks.stream().anyMatch(t -> t.status() == TaskStatus.FAILED)) {
      committer.abandon(process, ProcessStatus.FAILED, "a task failed after its retries");
    } else if (processTasks.stream().allMatch(t -> t.status() == TaskStatus.SUCCESS)) {
      taskSucceeded(process);
    } else if (!groupsWithOptimizers.contains(process.group())) {
      long emptySince = groupEmptySince.computeIfAbsent(process.group(), g -> Math.max(now, startedAt));
      if (now - emptySince >= config.heartbeatTimeout().toMillis()) {
        committer.abandon(process, ProcessStatus.CANCELED, "no optimizer in group " + process.group() + " for "
            + config.heartbeatTimeout(), true);
      }
      return;
    }
    groupEmptySince.remove(process.group());
  }

  /**
   * Tables marked as optimizing whose process is not active any more, and plannings left over from
   * before this AMS started (a crash mid-planning), go back to IDLE. Each release is a compare-and-set
   * on the status and process seen, so a table that moved on meanwhile is left alone.
   */
  private void releaseStuckTables(long now) {
    for (TableRuntime runtime : runtimes.list()) {
      OptimizingStatus status = runtime.status();
      boolean busy = status.isOptimizing() || status == OptimizingStatus.COMMITTING;
      boolean stale = busy && (runtime.processId() == null || processes.find(runtime.processId())
          .map(p -> !p.status().isActive()).orElse(true));
      boolean leftOverPlanning = status == OptimizingStatus.PLANNING
          && (runtime.statusSince() < startedAt || now - runtime.statusSince() > STALE_PLANNING_MILLIS);
      if ((stale || leftOverPlanning) && runtimes.release(runtime.table(), status, runtime.processId(), now)) {
        LOG.warn("Table {} was {} without an active process; it returns to IDLE", runtime.table(), status);
      }
    }
  }

  /** A running process its table does not point at (it cannot happen, but if it did it would hold threads forever). */
  private boolean orphaned(OptimizingProcess process) {
    return runtimes.find(process.table()).map(r -> !Long.valueOf(process.processId()).equals(r.processId())).orElse(true);
  }

  private void commitLater(long processId) {
    if (!committing.add(processId)) {
      return;
    }
    commits.execute(() -> {
      try {
        boolean done = committer.commit(processId);
        if (done) {
          commitAttempts.remove(processId);
        } else if (commitAttempts.merge(processId, 1, Integer::sum) >= MAX_COMMIT_ATTEMPTS) {
          commitAttempts.remove(processId);
          processes.find(processId).ifPresent(p -> committer.abandon(p, ProcessStatus.FAILED,
              "commit failed " + MAX_COMMIT_ATTEMPTS + " times"));
        }
      } catch (RuntimeException e) {
        LOG.warn("Commit of optimizing process {} failed; it is retried: {}", processId, e.toString(), e);
        if (commitAttempts.merge(processId, 1, Integer::sum) >= MAX_COMMIT_ATTEMPTS) {
          commitAttempts.remove(processId);
          processes.find(processId).ifPresent(p -> committer.abandon(p, ProcessStatus.FAILED,
              "commit failed " + MAX_COMMIT_ATTEMPTS + " times: " + e));
        }
      } finally {
        committing.remove(processId);
      }
    });
  }

  /** Waits for a commit in progress, so a stop never cuts one off on purpose. */
  @Override
  public void close() throws InterruptedException {
    commits.shutdown();
    commits.awaitTermination(30, TimeUnit.SECONDS);
  }
}
