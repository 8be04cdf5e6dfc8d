package io.lakeward.terminal.cli;

/**
 * A failure that ends a client action with a message for the user and the exit status it maps to. The message never
 * holds credentials. {@link #httpStatus()} is the AMS's HTTP status when the AMS answered with an error, else 0.
 */
final class CliFailure extends RuntimeException {
  private final int exitCode;
  private final int httpStatus;

  private CliFailure(int exitCode, int httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  /** The AMS is not reachable, timed out, or answered like something other than an AMS. */
  static CliFailure unavailable(String message, Throwable cause) {
    return new CliFailure(ExitCodes.AMS_UNAVAILABLE, 0, message, cause);
  }

  /** The AMS refused the credentials (HTTP 401 or 403). */
  static CliFailure rejected(int httpStatus, String message) {
    return new CliFailure(ExitCodes.AMS_UNAVAILABLE, httpStatus, message, null);
  }

  /** The AMS answered a request with an error (unknown catalog, script too large, unknown execution...). */
  static CliFailure refused(int httpStatus, String message) {
    return new CliFailure(ExitCodes.STATEMENT_FAILED, httpStatus, message, null);
  }

  int exitCode() {
    return exitCode;
  }

  int httpStatus() {
    return httpStatus;
  }
}
