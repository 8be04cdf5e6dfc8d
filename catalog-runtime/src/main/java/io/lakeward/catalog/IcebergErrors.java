package io.lakeward.catalog;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.LakewardException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;

/** Turns the AMS's typed errors into the Iceberg exceptions engines act on. */
final class IcebergErrors {
  private IcebergErrors() {}

  static RuntimeException toIceberg(LakewardException e) {
    String message = e.getMessage();
    ErrorCode code = e.code();
    return switch (e.kind()) {
      case NOT_FOUND -> switch (code) {
        case NO_SUCH_TABLE -> new NoSuchTableException("%s", message);
        case NO_SUCH_DATABASE -> new NoSuchNamespaceException("%s", message);
        default -> new NotFoundException("%s", message);
      };
      case ALREADY_EXISTS -> new AlreadyExistsException("%s", message);
      case CONFLICT -> code == ErrorCode.NOT_EMPTY
          ? new NamespaceNotEmptyException("%s", message)
          : new CommitFailedException("%s", message);
      case INVALID_INPUT -> new IllegalArgumentException(message);
      case UNAUTHORIZED -> new NotAuthorizedException("%s", message);
      case UNSUPPORTED -> new UnsupportedOperationException(message);
    };
  }
}
