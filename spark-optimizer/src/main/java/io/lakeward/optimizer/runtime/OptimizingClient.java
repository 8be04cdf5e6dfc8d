package io.lakeward.optimizer.runtime;

import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizerRegistration;
import io.lakeward.api.OptimizingTask;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import java.util.Optional;

/**
 * The calls an optimizer makes to the AMS optimizing service. Errors the AMS reports on purpose arrive
 * as {@link io.lakeward.common.exceptions.LakewardException} subclasses (UnauthorizedException when
 * the token is unknown, NotFoundException / ConflictException for tasks that are gone or stale);
 * anything else (no connection, a timeout, an internal server error) is an
 * {@link AmsUnavailableException}, after which the outcome of the call is unknown.
 */
public interface OptimizingClient {
  OptimizerRegistration register(OptimizerRegisterInfo info);

  void heartbeat(String token);

  /** The next task for this execution thread, or empty when there is none now. */
  Optional<OptimizingTask> poll(String token, int threadId);

  void ack(String token, int threadId, TaskId taskId, int attemptId);

  void complete(String token, TaskResult result);
}
