package io.lakeward.common.exceptions;

import io.lakeward.api.ErrorCode;

public class NotFoundException extends LakewardException {
  public NotFoundException(ErrorCode code, String message) {
    super(ErrorKind.NOT_FOUND, code, message, null);
  }

  public NotFoundException(ErrorCode code, String message, Throwable cause) {
    super(ErrorKind.NOT_FOUND, code, message, cause);
  }

  public static NotFoundException of(String format, Object... args) {
    return new NotFoundException(ErrorCode.NO_SUCH_OBJECT, String.format(format, args));
  }
}
