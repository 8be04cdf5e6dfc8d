package io.lakeward.optimizer.runtime;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizerRegistration;
import io.lakeward.api.OptimizingService;
import io.lakeward.api.OptimizingTask;
import io.lakeward.api.PollResponse;
import io.lakeward.api.TaskId;
import io.lakeward.api.TaskResult;
import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.common.thrift.ThriftEndpoint;
import io.lakeward.common.thrift.ThriftErrors;
import io.lakeward.shaded.thrift.TException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link OptimizingClient} over the AMS's Thrift optimizing service. Every call opens its own
 * connection: an optimizer calls about once a second per thread, and a fresh connection never
 * carries a socket broken by an AMS restart or a network change into the next call.
 */
public final class ThriftOptimizingClient implements OptimizingClient {
  private final ThriftEndpoint endpoint;
  private final Duration timeout;

  public ThriftOptimizingClient(ThriftEndpoint endpoint, Duration timeout) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  @Override
  public OptimizerRegistration register(OptimizerRegisterInfo info) {
    return call("registerOptimizer", client -> client.registerOptimizer(info));
  }

  @Override
  public void heartbeat(String token) {
    call("heartbeat", client -> {
      client.heartbeat(token);
      return null;
    });
  }

  @Override
  public Optional<OptimizingTask> poll(String token, int threadId) {
    PollResponse response = call("pollTask", client -> client.pollTask(token, threadId));
    return response != null && response.isSetTask() ? Optional.of(response.getTask()) : Optional.empty();
  }

  @Override
  public void ack(String token, int threadId, TaskId taskId, int attemptId) {
    call("ackTask", client -> {
      client.ackTask(token, threadId, taskId, attemptId);
      return null;
    });
  }

  @Override
  public void complete(String token, TaskResult result) {
    call("completeTask", client -> {
      client.completeTask(token, result);
      return null;
    });
  }

  private interface Call<T> {
    T on(OptimizingService.Client client) throws TException;
  }

  private <T> T call(String method, Call<T> call) {
    try (var connection = ThriftClients.optimizing(endpoint, timeout)) {
      return call.on(connection.client());
    } catch (TException e) {
      LakewardException declared = ThriftErrors.fromThrift(e);
      if (declared != null) {
        throw declared;
      }
      throw new AmsUnavailableException(String.format("Cannot call %s on the AMS at %s: %s", method, endpoint, describe(e)), e);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
