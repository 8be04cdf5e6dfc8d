package io.lakeward.common.exceptions;

import io.lakeward.api.ErrorCode;

public class UnauthorizedException extends LakewardException {
  public UnauthorizedException(ErrorCode code, String message) {
    super(ErrorKind.UNAUTHORIZED, code, message, null);
  }

  public UnauthorizedException(ErrorCode code, String message, Throwable cause) {
    super(ErrorKind.UNAUTHORIZED, code, message, cause);
  }

  public static UnauthorizedException of(String format, Object... args) {
    return new UnauthorizedException(ErrorCode.UNAUTHORIZED, String.format(format, args));
  }
}
