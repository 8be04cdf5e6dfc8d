package io.lakeward.optimizer.runtime;

import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizerRegistration;
import io.lakeward.api.OptimizingTask;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import io.lakeward.common.exceptions.UnauthorizedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An in-memory optimizing service for tests of the optimizer's side of the protocol: it hands out
 * queued tasks, records acks and completions, and answers acks and completions with scripted
 * outcomes (a RuntimeException to throw, or null to accept).
 */
final class InMemoryAms implements OptimizingClient {
  final List<OptimizerRegisterInfo> registrations = new CopyOnWriteArrayList<>();
  final List<String> acks = new CopyOnWriteArrayList<>();
  final List<TaskResult> completions = new CopyOnWriteArrayList<>();
  private final Deque<OptimizingTask> tasks = new ArrayDeque<>();
  private final Deque<Supplier<RuntimeException>> ackOutcomes = new ArrayDeque<>();
  private final Deque<Supplier<RuntimeException>> completeOutcomes = new ArrayDeque<>();
  private volatile String token;
  private volatile Runnable onAck = () -> {};

  synchronized void queue(OptimizingTask task) {
    tasks.add(task);
  }

  synchronized void ackAnswers(Supplier<RuntimeException> outcome) {
    ackOutcomes.add(outcome);
  }

  synchronized void completeAnswers(Supplier<RuntimeException> outcome) {
    completeOutcomes.add(outcome);
  }

  /** Runs while an ack is being answered, before it returns (to hold a task in flight). */
  void onAck(Runnable action) {
    this.onAck = action;
  }

  @Override
  public OptimizerRegistration register(OptimizerRegisterInfo info) {
    registrations.add(info);
    token = UUID.randomUUID().toString();
    return new OptimizerRegistration().setToken(token).setHeartbeatIntervalMillis(200).setHeartbeatTimeoutMillis(2000);
  }

  @Override
  public void heartbeat(String token) {
    authenticate(token);
  }

  @Override
  public synchronized Optional<OptimizingTask> poll(String token, int threadId) {
    authenticate(token);
    return Optional.ofNullable(tasks.poll());
  }

  @Override
  public void ack(String token, int threadId, TaskId taskId, int attemptId) {
    authenticate(token);
    acks.add(taskId.getProcessId() + "/" + taskId.getTaskIndex() + "#" + attemptId);
    onAck.run();
    throwScripted(ackOutcomes);
  }

  @Override
  public void complete(String token, TaskResult result) {
    authenticate(token);
    RuntimeException failure = next(completeOutcomes);
    if (failure instanceof AmsUnavailableException) {
      // The call reached the AMS, which recorded it, but the answer was lost.
      completions.add(result);
      throw failure;
    }
    if (failure != null) {
      throw failure;
    }
    completions.add(result);
  }

  private void authenticate(String token) {
    if (token == null || !token.equals(this.token)) {
      throw UnauthorizedException.of("Unknown or expired optimizer token: register again");
    }
  }

  private void throwScripted(Deque<Supplier<RuntimeException>> outcomes) {
    RuntimeException failure = next(outcomes);
    if (failure != null) {
      throw failure;
    }
  }

  private synchronized RuntimeException next(Deque<Supplier<RuntimeException>> outcomes) {
    Supplier<RuntimeException> outcome = outcomes.poll();
    return outcome == null ? null : outcome.get();
  }

  List<TaskResult> completions() {
    return new ArrayList<>(completions);
  }
}
