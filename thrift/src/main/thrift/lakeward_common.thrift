/*
 * Types shared by every Lakeward Thrift service.
 *
 * Wire-compatibility rules for this IDL (see thrift/README.md):
 *  - every struct field is optional, so a newer peer may add fields and an older peer ignores them;
 *  - field ids are never reused and never renumbered;
 *  - enum values are only appended; a peer that reads an unknown enum value sees null and must
 *    fall back on the exception type or treat the value as unknown.
 */
namespace java io.lakeward.api

/** Machine-readable reason carried by every Lakeward exception. */
enum ErrorCode {
  NO_SUCH_OBJECT = 1,
  NO_SUCH_CATALOG = 2,
  NO_SUCH_DATABASE = 3,
  NO_SUCH_TABLE = 4,
  NO_SUCH_BLOCKER = 5,
  NO_SUCH_OPTIMIZER = 6,
  NO_SUCH_TASK = 7,
  NO_SUCH_PROCESS = 8,
  ALREADY_EXISTS = 20,
  INVALID_INPUT = 30,
  CONFLICT = 40,
  COMMIT_CONFLICT = 41,
  NOT_EMPTY = 42,
  BLOCKED = 43,
  STALE_ATTEMPT = 44,
  UNAUTHORIZED = 50,
  UNSUPPORTED = 60
}

exception NoSuchObjectException {
  1: optional ErrorCode code,
  2: optional string message
}

exception AlreadyExistsException {
  1: optional ErrorCode code,
  2: optional string message
}

exception InvalidInputException {
  1: optional ErrorCode code,
  2: optional string message
}

/** The request is valid but the state it expected has changed; a retry against fresh state may succeed. */
exception ConflictException {
  1: optional ErrorCode code,
  2: optional string message
}

/** The caller is not known (for example an expired optimizer token) or not allowed to call. */
exception UnauthorizedException {
  1: optional ErrorCode code,
  2: optional string message
}

/** Answer to ping on every service. */
struct PingResponse {
  1: optional string serviceName,
  2: optional string version,
  3: optional i64 serverTimeMillis
}
