package io.lakeward.common.exceptions;

import io.lakeward.api.ErrorCode;

public class UnsupportedException extends LakewardException {
  public UnsupportedException(ErrorCode code, String message) {
    super(ErrorKind.UNSUPPORTED, code, message, null);
  }

  public UnsupportedException(ErrorCode code, String message, Throwable cause) {
    super(ErrorKind.UNSUPPORTED, code, message, cause);
  }

  public static UnsupportedException of(String format, Object... args) {
    return new UnsupportedException(ErrorCode.UNSUPPORTED, String.format(format, args));
  }
}
