package io.lakeward.common.exceptions;

import io.lakeward.api.ErrorCode;

public class InvalidInputException extends LakewardException {
  public InvalidInputException(ErrorCode code, String message) {
    super(ErrorKind.INVALID_INPUT, code, message, null);
  }

  public InvalidInputException(ErrorCode code, String message, Throwable cause) {
    super(ErrorKind.INVALID_INPUT, code, message, cause);
  }

  public static InvalidInputException of(String format, Object... args) {
    return new InvalidInputException(ErrorCode.INVALID_INPUT, String.format(format, args));
  }
}
