package io.lakeward.common.exceptions;

import io.lakeward.api.ErrorCode;

public class AlreadyExistsException extends LakewardException {
  public AlreadyExistsException(ErrorCode code, String message) {
    super(ErrorKind.ALREADY_EXISTS, code, message, null);
  }

  public AlreadyExistsException(ErrorCode code, String message, Throwable cause) {
    super(ErrorKind.ALREADY_EXISTS, code, message, cause);
  }

  public static AlreadyExistsException of(String format, Object... args) {
    return new AlreadyExistsException(ErrorCode.ALREADY_EXISTS, String.format(format, args));
  }
}
