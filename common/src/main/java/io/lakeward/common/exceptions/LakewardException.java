package io.lakeward.common.exceptions;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.ErrorCode;

/**
 * Base of every error the AMS reports to a caller on purpose. It carries a kind (which decides the
 * HTTP status and Thrift exception type) and a machine-readable {@link ErrorCode}; the message is for
 * people and names the offending value.
 */
public abstract class LakewardException extends RuntimeException {
  private final ErrorKind kind;
  private final ErrorCode code;

  protected LakewardException(ErrorKind kind, ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind is null");
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorKind kind() {
    return kind;
  }

  public ErrorCode code() {
    return code;
  }
}
