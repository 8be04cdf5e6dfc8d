package io.lakeward.ams.optimizing;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.optimizer.OptimizerLauncher;
import io.lakeward.api.ErrorCode;
import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizerRegistration;
import io.lakeward.api.OptimizingService;
import io.lakeward.api.PingResponse;
import io.lakeward.api.OptimizingTask;
import io.lakeward.api.PollResponse;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import io.lakeward.common.exceptions.NotFoundException;
import java.time.Clock;

/**
 * Entry point of the Thrift optimizing service (port 1261): optimizer registration and heartbeats,
 * then the task protocol, which {@link TaskDispatcher} owns.
 */
public final class OptimizingServiceHandler implements OptimizingService.Iface {
  private final OptimizerRegistry registry;
  private final OptimizerGroups groups;
  private final TaskDispatcher dispatcher;
  private final ProcessSupervisor supervisor;
  private final OptimizerLauncher launcher;
  private final OptimizerConfig config;
  private final String version;
  private final Clock clock;

  public OptimizingServiceHandler(OptimizerRegistry registry, OptimizerGroups groups, TaskDispatcher dispatcher,
      ProcessSupervisor supervisor, OptimizerLauncher launcher, OptimizerConfig config, String version, Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.groups = requireNonNull(groups, "groups is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.supervisor = requireNonNull(supervisor, "supervisor is null");
    this.launcher = requireNonNull(launcher, "launcher is null");
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
    OptimizerRegistry.validate(info.getGroup(), info.getThreadCount(), info.isSetMemoryMb() ? info.getMemoryMb() : 0);
    if (!groups.exists(info.getGroup())) {
      throw new NotFoundException(ErrorCode.NO_SUCH_OBJECT, "Optimizer group does not exist: " + info.getGroup()
          + " (create it in config.yaml or through the REST API)");
    }
    OptimizerRecord optimizer = registry.register(info.getGroup(), info.getThreadCount(),
        info.isSetMemoryMb() ? info.getMemoryMb() : 0, info.getHost(), info.getResourceId(), info.getProperties());
    // An application the AMS launched is RUNNING from its optimizer's registration on.
    launcher.registered(optimizer);
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
    OptimizerRecord optimizer = registry.authenticate(token);
    checkArgument(threadId >= 0 && threadId < optimizer.threadCount(), "Invalid thread id: %s (the optimizer has %s threads)",
        threadId, optimizer.threadCount());
    return dispatcher.poll(optimizer, threadId)
        .map(a -> new PollResponse().setTask(new OptimizingTask()
            .setTaskId(new TaskId().setProcessId(a.processId()).setTaskIndex(a.taskIndex()))
            .setAttemptId(a.attemptId())
            .setInputEncoding(a.encoding())
            .setInput(a.input())))
        .orElseGet(PollResponse::new);
  }

  @Override
  public void ackTask(String token, int threadId, TaskId taskId, int attemptId) {
    OptimizerRecord optimizer = registry.authenticate(token);
    checkTaskId(taskId);
    dispatcher.ack(optimizer, taskId.getProcessId(), taskId.getTaskIndex(), attemptId);
  }

  @Override
  public void completeTask(String token, TaskResult result) {
    OptimizerRecord optimizer = registry.authenticate(token);
    checkArgument(result != null, "Invalid task result: null");
    checkTaskId(result.getTaskId());
    checkArgument(result.isSetAttemptId(), "Invalid task result: attemptId is required");
    long processId = result.getTaskId().getProcessId();
    int taskIndex = result.getTaskId().getTaskIndex();
    if (result.isSetErrorMessage()) {
      dispatcher.fail(optimizer, processId, taskIndex, result.getAttemptId(), result.getErrorMessage());
    } else {
      checkArgument(result.isSetOutput(), "Invalid task result: neither output nor errorMessage is set");
      dispatcher.succeed(optimizer, processId, taskIndex, result.getAttemptId(), result.getOutputEncoding(),
          result.getOutput());
    }
  }

  @Override
  public void cancelProcess(String token, long processId) {
    registry.authenticate(token);
    supervisor.cancel(processId, "cancelled by an optimizer");
  }

  private static void checkTaskId(TaskId taskId) {
    checkArgument(taskId != null && taskId.isSetProcessId() && taskId.isSetTaskIndex(),
        "Invalid task id: %s", taskId);
  }
}
