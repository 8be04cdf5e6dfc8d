/*
 * Optimizing service of the AMS (default port 1261): the protocol between the AMS, which plans
 * optimizing work, and optimizers, which execute it.
 *
 * An optimizer registers and receives a token, heartbeats with it, polls one task per execution
 * thread, acks it, and completes it with output or an error. Every task carries an attempt id; a
 * completion for an attempt that is no longer current is refused with ConflictException(STALE_ATTEMPT).
 */
namespace java io.lakeward.api

include "lakeward_common.thrift"

struct OptimizerRegisterInfo {
  1: optional string group,
  2: optional i32 threadCount,
  3: optional i32 memoryMb,
  4: optional string host,
  /** Id of the container resource (for example a Spark application id) that runs this optimizer. */
  5: optional string resourceId,
  6: optional i64 startedAtMillis,
  7: optional map<string, string> properties
}

struct OptimizerRegistration {
  1: optional string token,
  2: optional i64 heartbeatIntervalMillis,
  /** An optimizer silent for longer than this is dropped and its unfinished tasks are re-queued. */
  3: optional i64 heartbeatTimeoutMillis
}

struct TaskId {
  1: optional i64 processId,
  2: optional i32 taskIndex
}

struct OptimizingTask {
  1: optional TaskId taskId,
  2: optional i32 attemptId,
  /** Encoding of input, for example "lakeward-rewrite-v1"; an optimizer refuses encodings it does not know. */
  3: optional string inputEncoding,
  4: optional binary input,
  5: optional map<string, string> properties
}

struct PollResponse {
  /** Unset when there is no task for this thread now. */
  1: optional OptimizingTask task
}

struct TaskResult {
  1: optional TaskId taskId,
  2: optional i32 attemptId,
  3: optional i32 threadId,
  4: optional string outputEncoding,
  5: optional binary output,
  /** Set when the task failed; output is then ignored. */
  6: optional string errorMessage,
  7: optional map<string, string> metrics
}

service OptimizingService {

  lakeward_common.PingResponse ping()

  OptimizerRegistration registerOptimizer(1: OptimizerRegisterInfo info)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput)

  /** UnauthorizedException when the token is unknown or expired: the optimizer must register again. */
  void heartbeat(1: string token)
      throws (1: lakeward_common.UnauthorizedException unauthorized)

  PollResponse pollTask(1: string token, 2: i32 threadId)
      throws (1: lakeward_common.UnauthorizedException unauthorized,
              2: lakeward_common.InvalidInputException invalidInput)

  void ackTask(1: string token, 2: i32 threadId, 3: TaskId taskId, 4: i32 attemptId)
      throws (1: lakeward_common.UnauthorizedException unauthorized,
              2: lakeward_common.NoSuchObjectException noSuchObject,
              3: lakeward_common.ConflictException conflict,
              4: lakeward_common.InvalidInputException invalidInput)

  void completeTask(1: string token, 2: TaskResult result)
      throws (1: lakeward_common.UnauthorizedException unauthorized,
              2: lakeward_common.NoSuchObjectException noSuchObject,
              3: lakeward_common.ConflictException conflict,
              4: lakeward_common.InvalidInputException invalidInput)

  /** Cancels an optimizing process: its unfinished tasks are dropped and nothing is committed. */
  void cancelProcess(1: string token, 2: i64 processId)
      throws (1: lakeward_common.UnauthorizedException unauthorized,
              2: lakeward_common.NoSuchObjectException noSuchObject)
}
