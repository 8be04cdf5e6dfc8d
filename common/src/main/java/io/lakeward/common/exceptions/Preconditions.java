package io.lakeward.common.exceptions;

import io.lakeward.api.ErrorCode;

/** Argument checks that fail with {@link InvalidInputException}, so callers get a 400 / InvalidInput. */
public final class Preconditions {
  private Preconditions() {}

  public static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new InvalidInputException(ErrorCode.INVALID_INPUT, String.format(format, args));
    }
  }

  public static <T> T checkNotNull(T value, String format, Object... args) {
    checkArgument(value != null, format, args);
    return value;
  }
}
