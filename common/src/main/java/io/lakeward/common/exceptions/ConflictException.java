package io.lakeward.common.exceptions;

import io.lakeward.api.ErrorCode;

public class ConflictException extends LakewardException {
  public ConflictException(ErrorCode code, String message) {
    super(ErrorKind.CONFLICT, code, message, null);
  }

  public ConflictException(ErrorCode code, String message, Throwable cause) {
    super(ErrorKind.CONFLICT, code, message, cause);
  }

  public static ConflictException of(String format, Object... args) {
    return new ConflictException(ErrorCode.CONFLICT, String.format(format, args));
  }
}
