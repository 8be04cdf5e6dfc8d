package io.lakeward.optimizer.runtime;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.OptimizingTask;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.common.exceptions.UnauthorizedException;
import io.lakeward.optimizer.rewrite.RewriteInterruptedException;
import io.lakeward.optimizer.rewrite.TaskRewriter;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one polled task on one execution thread: ack, decode, execute, complete. A task the AMS
 * refuses at ack is dropped; output the AMS refuses at completion is stale and its files are
 * deleted, unless an earlier completion attempt may have reached the AMS, in which case the AMS may
 * already be committing them and they stay.
 */
final class TaskExecution {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);
  /** Fault injection for tests: holds every acked task this long, so a test can kill the optimizer mid-task. */
  private static final long FAULT_TASK_DELAY_MS = Long.getLong("lakeward.fault.task-delay-ms", 0L);
  static final int MAX_ERROR_MESSAGE_LENGTH = 4000;

  private final int threadId;
  private final OptimizingClient client;
  private final OptimizerSession session;
  private final TaskRewriter executor;
  private final Backoff backoff;
  private final StopSignal hardStop;

  TaskExecution(int threadId, OptimizingClient client, OptimizerSession session, TaskRewriter executor,
      Backoff backoff, StopSignal hardStop) {
    this.threadId = threadId;
    this.client = requireNonNull(client, "client is null");
    this.session = requireNonNull(session, "session is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.backoff = requireNonNull(backoff, "backoff is null");
    this.hardStop = requireNonNull(hardStop, "hardStop is null");
  }

  void run(OptimizingTask task, String token) {
    TaskId id = task.getTaskId();
    int attempt = task.getAttemptId();
    String name = String.format("task %s/%s attempt %s", id == null ? "?" : id.getProcessId(),
        id == null ? "?" : id.getTaskIndex(), attempt);
    if (!ack(task, token, name)) {
      return;
    }
    long started = System.nanoTime();
    RewriteTaskInput input = null;
    RewriteTaskOutput output = null;
    String error = null;
    Map<String, String> metrics = new LinkedHashMap<>();
    try {
      input = RewriteTaskCodec.decodeInput(task.getInputEncoding(), task.getInput());
      injectedDelay();
      LOG.info("Thread {} runs {}: {} files of {}", threadId, name, input.files().size(), input.table());
      output = executor.execute(input, attempt, metrics);
    } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
      // An out-of-memory sort frees its rows when it unwinds: report it and keep the thread.
      error = errorMessage(e);
      LOG.warn("{} failed: {}", name, error, e);
      if (e instanceof RewriteInterruptedException) {
        // Stopping past the grace period: report the failure once, so the AMS retries the task elsewhere.
        Thread.interrupted();
      }
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    TaskResult result = new TaskResult().setTaskId(id).setAttemptId(attempt).setThreadId(threadId);
    if (output != null) {
      result.setOutputEncoding(RewriteTaskCodec.OUTPUT_ENCODING).setOutput(RewriteTaskCodec.encodeOutput(output));
      metrics.put("input-rows", String.valueOf(output.inputRows()));
      metrics.put("output-rows", String.valueOf(output.outputRows()));
      metrics.put("output-bytes", String.valueOf(output.outputBytes()));
    } else {
      result.setErrorMessage(error);
    }
    metrics.put("duration-ms", String.valueOf(elapsed));
    result.setMetrics(metrics);
    complete(result, name, input, output);
  }

  private static void injectedDelay() {
    if (FAULT_TASK_DELAY_MS > 0) {
      try {
        Thread.sleep(FAULT_TASK_DELAY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted in the injected delay", e);
      }
    }
  }

  private boolean ack(OptimizingTask task, String token, String name) {
    try {
      client.ack(token, threadId, task.getTaskId(), task.getAttemptId());
      return true;
    } catch (NotFoundException | ConflictException e) {
      LOG.info("Dropped {}: {}", name, e.getMessage());
    } catch (UnauthorizedException e) {
      session.invalidate(token);
      LOG.warn("Dropped {}: the AMS no longer knows this optimizer ({})", name, e.getMessage());
    } catch (AmsUnavailableException | LakewardException e) {
      // The AMS hands an un-acked task to another optimizer once the ack is overdue.
      LOG.warn("Dropped {}: cannot ack it ({})", name, e.getMessage());
    }
    return false;
  }

  private void complete(TaskResult result, String name, RewriteTaskInput input, RewriteTaskOutput output) {
    boolean outcomeUnknown = false;
    int failures = 0;
    while (true) {
      String token = null;
      try {
        token = session.token();
      } catch (AmsUnavailableException | LakewardException e) {
        failures++;
        LOG.warn("Cannot complete {} yet, registration failed: {}", name, e.getMessage());
      }
      if (token != null) {
        try {
          client.complete(token, result);
          if (output != null) {
            LOG.info("Completed {}: {} rows in, {} rows out in {} files", name, output.inputRows(), output.outputRows(),
                output.dataFiles().size());
          } else {
            LOG.info("Reported the failure of {}", name);
          }
          return;
        } catch (NotFoundException | ConflictException | InvalidInputException e) {
          refused(name, e.getMessage(), outcomeUnknown, input, output);
          return;
        } catch (UnauthorizedException e) {
          // Refused without being processed; the retry registers again first.
          session.invalidate(token);
          failures++;
        } catch (AmsUnavailableException | LakewardException e) {
          outcomeUnknown = true;
          failures++;
          LOG.warn("Cannot complete {} yet: {}", name, e.getMessage());
        }
      }
      if (hardStop.isSet() || hardStop.await(backoff.delay(failures))) {
        refused(name, "the optimizer is stopping and the AMS did not take the result", outcomeUnknown, input, output);
        return;
      }
    }
  }

  private void refused(String name, String reason, boolean outcomeUnknown, RewriteTaskInput input, RewriteTaskOutput output) {
    if (output == null || output.dataFiles().isEmpty()) {
      LOG.warn("The result of {} was not taken: {}", name, reason);
    } else if (outcomeUnknown) {
      LOG.warn("The result of {} was not taken ({}), but an earlier attempt to complete it may have reached the AMS; "
          + "keeping its {} files: {}", name, reason, output.dataFiles().size(), output.dataFiles().stream().map(f -> f.location()).toList());
    } else {
      LOG.warn("The result of {} is stale ({}); deleting its {} files", name, reason, output.dataFiles().size());
      executor.deleteOutput(input, output.dataFiles());
    }
  }

  /** The exception and its causes, as the AMS shows them to people; bounded to keep results small. */
  static String errorMessage(Throwable failure) {
    StringBuilder message = new StringBuilder();
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 10; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (message.length() > 0) {
        message.append("; caused by: ");
      }
      message.append(t.getClass().getName());
      if (t.getMessage() != null) {
        message.append(": ").append(t.getMessage());
      }
    }
    if (message.length() > MAX_ERROR_MESSAGE_LENGTH) {
      message.setLength(MAX_ERROR_MESSAGE_LENGTH - 3);
      message.append("...");
    }
    return message.toString();
  }
}
