package io.lakeward.ams.rest.iceberg;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lakeward.common.exceptions.LakewardException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchIcebergTableException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * Maps failures to the status codes of the Iceberg REST specification: 404 for missing objects,
 * 409 for existing ones and failed commit requirements (clients retry those), 400 for bad requests,
 * 406 for unsupported operations, 500 for an unknown commit state.
 */
final class IcebergRestErrors {
  private IcebergRestErrors() {}

  static ErrorResponse toResponse(Throwable e) {
    int code = status(e);
    String type = e instanceof LakewardException lakeward ? typeOf(lakeward) : e.getClass().getSimpleName();
    return ErrorResponse.builder().responseCode(code).withType(type).withMessage(message(e)).build();
  }

  static int status(Throwable e) {
    if (e instanceof LakewardException lakeward) {
      return switch (lakeward.kind()) {
        case NOT_FOUND -> 404;
        case ALREADY_EXISTS, CONFLICT -> 409;
        case INVALID_INPUT -> 400;
        case UNAUTHORIZED -> 401;
        case UNSUPPORTED -> 406;
      };
    }
    if (e instanceof NoSuchNamespaceException || e instanceof NoSuchTableException || e instanceof NoSuchViewException
        || e instanceof NoSuchIcebergTableException || e instanceof NotFoundException) {
      return 404;
    }
    if (e instanceof AlreadyExistsException || e instanceof CommitFailedException || e instanceof NamespaceNotEmptyException) {
      return 409;
    }
    if (e instanceof NotAuthorizedException) {
      return 401;
    }
    if (e instanceof ForbiddenException) {
      return 403;
    }
    if (e instanceof UnsupportedOperationException) {
      return 406;
    }
    if (e instanceof CommitStateUnknownException) {
      return 500;
    }
    if (e instanceof IllegalArgumentException || e instanceof ValidationException || e instanceof BadRequestException
        || e instanceof JsonProcessingException || e instanceof NullPointerException) {
      return 400;
    }
    return 500;
  }

  private static String typeOf(LakewardException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> "NotFoundException";
      case ALREADY_EXISTS -> "AlreadyExistsException";
      case CONFLICT -> "CommitFailedException";
      case INVALID_INPUT -> "BadRequestException";
      case UNAUTHORIZED -> "NotAuthorizedException";
      case UNSUPPORTED -> "UnsupportedOperationException";
    };
  }

  private static String message(Throwable e) {
    if (e instanceof JsonProcessingException json) {
      return "Invalid request body: " + json.getOriginalMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
