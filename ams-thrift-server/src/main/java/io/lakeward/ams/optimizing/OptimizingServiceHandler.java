package io.lakeward.ams.optimizing;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.api.ErrorCode;
import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizerRegistration;
import io.lakeward.api.OptimizingService;
import io.lakeward.api.PingResponse;
import io.lakeward.api.PollResponse;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import io.lakeward.common.exceptions.NotFoundException;
import java.time.Clock;

/**
 * Entry point of the Thrift optimizing service (port 1261). Registration and heartbeats are complete;
 * the task queue is empty until the planner of the self-optimizing core fills it, so polls answer
 * "no task" and acks or completions name a task that does not exist.
 */
public final class OptimizingServiceHandler implements OptimizingService.Iface {
  private final OptimizerRegistry registry;
  private final OptimizerConfig config;
  private final String version;
  private final Clock clock;

  public OptimizingServiceHandler(OptimizerRegistry registry, OptimizerConfig config, String version, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.config = requireNonNull(config, "config is null");
    this.version = requireNonNull(version, "version is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public PingResponse ping() {
    return new PingResponse().setServiceName("optimizing").setVersion(version).setServerTimeMillis(clock.millis());
  }

  @Override
  public OptimizerRegistration registerOptimizer(OptimizerRegisterInfo info) {
    checkArgument(info != null, "Invalid optimizer registration: null");
    checkArgument(info.isSetThreadCount(), "Invalid optimizer registration: threadCount is required");
    OptimizerRecord optimizer = registry.register(info.getGroup(), info.getThreadCount(),
        info.isSetMemoryMb() ? info.getMemoryMb() : 0, info.getHost(), info.getResourceId(), info.getProperties());
    return new OptimizerRegistration()
        .setToken(optimizer.token())
        .setHeartbeatIntervalMillis(config.heartbeatInterval().toMillis())
        .setHeartbeatTimeoutMillis(config.heartbeatTimeout().toMillis());
  }

  @Override
  public void heartbeat(String token) {
    registry.heartbeat(token);
  }

  @Override
  public PollResponse pollTask(String token, int threadId) {
    registry.authenticate(token);
    checkArgument(threadId >= 0, "Invalid thread id: %s", threadId);
    return new PollResponse();
  }

  @Override
  public void ackTask(String token, int threadId, TaskId taskId, int attemptId) {
    registry.authenticate(token);
    throw noSuchTask(taskId);
  }

  @Override
  public void completeTask(String token, TaskResult result) {
    registry.authenticate(token);
    checkArgument(result != null, "Invalid task result: null");
    throw noSuchTask(result.getTaskId());
  }

  @Override
  public void cancelProcess(String token, long processId) {
    registry.authenticate(token);
    throw new NotFoundException(ErrorCode.NO_SUCH_PROCESS, "Optimizing process does not exist: " + processId);
  }

  private static NotFoundException noSuchTask(TaskId taskId) {
    return new NotFoundException(ErrorCode.NO_SUCH_TASK, "Task does not exist: " + taskId);
  }
}
