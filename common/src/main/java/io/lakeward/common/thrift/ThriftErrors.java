package io.lakeward.common.thrift;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.AlreadyExistsException;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.common.exceptions.UnauthorizedException;
import io.lakeward.common.exceptions.UnsupportedException;
import io.lakeward.shaded.thrift.TException;

/** The one place where Lakeward errors and their Thrift wire exceptions are translated, both ways. */
public final class ThriftErrors {
  private ThriftErrors() {}

  /** Server side: the Thrift exception that carries this error over the wire. */
  public static TException toThrift(LakewardException e) {
    String message = e.getMessage();
    return switch (e.kind()) {
      case NOT_FOUND -> new io.lakeward.api.NoSuchObjectException().setCode(e.code()).setMessage(message);
      case ALREADY_EXISTS -> new io.lakeward.api.AlreadyExistsException().setCode(e.code()).setMessage(message);
      case INVALID_INPUT, UNSUPPORTED ->
          new io.lakeward.api.InvalidInputException().setCode(e.code()).setMessage(message);
      case CONFLICT -> new io.lakeward.api.ConflictException().setCode(e.code()).setMessage(message);
      case UNAUTHORIZED -> new io.lakeward.api.UnauthorizedException().setCode(e.code()).setMessage(message);
    };
  }

  /**
   * Client side: the Lakeward error for a Thrift exception the server declared, or null when the
   * exception is not one of ours (a transport or protocol failure).
   */
  public static LakewardException fromThrift(TException e) {
    if (e instanceof io.lakeward.api.NoSuchObjectException t) {
      return new NotFoundException(codeOr(t.getCode(), ErrorCode.NO_SUCH_OBJECT), t.getMessage());
    } else if (e instanceof io.lakeward.api.AlreadyExistsException t) {
      return new AlreadyExistsException(codeOr(t.getCode(), ErrorCode.ALREADY_EXISTS), t.getMessage());
    } else if (e instanceof io.lakeward.api.InvalidInputException t) {
      ErrorCode code = codeOr(t.getCode(), ErrorCode.INVALID_INPUT);
      return code == ErrorCode.UNSUPPORTED
          ? new UnsupportedException(code, t.getMessage())
          : new InvalidInputException(code, t.getMessage());
    } else if (e instanceof io.lakeward.api.ConflictException t) {
      return new ConflictException(codeOr(t.getCode(), ErrorCode.CONFLICT), t.getMessage());
    } else if (e instanceof io.lakeward.api.UnauthorizedException t) {
      return new UnauthorizedException(codeOr(t.getCode(), ErrorCode.UNAUTHORIZED), t.getMessage());
    }
    return null;
  }

  private static ErrorCode codeOr(ErrorCode code, ErrorCode fallback) {
    // A newer server may send a code this client does not know; Thrift then reads it as null.
    return code != null ? code : fallback;
  }
}
