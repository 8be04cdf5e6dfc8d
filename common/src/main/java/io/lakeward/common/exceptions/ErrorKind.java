package io.lakeward.common.exceptions;

/**
 * The kinds of failure a caller can act on. Each kind maps to exactly one HTTP status here and to one
 * Thrift exception type in {@link io.lakeward.common.thrift.ThriftErrors}.
 */
public enum ErrorKind {
  NOT_FOUND(404),
  ALREADY_EXISTS(409),
  INVALID_INPUT(400),
  CONFLICT(409),
  UNAUTHORIZED(401),
  UNSUPPORTED(501);

  private final int httpStatus;

  ErrorKind(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
