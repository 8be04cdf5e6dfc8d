package io.lakeward.optimizer.runtime;

/**
 * A call to the AMS failed without an answer the AMS meant to give: no connection, a timeout, a
 * broken frame, an internal server error. Whether the AMS acted on the call is unknown.
 */
public class AmsUnavailableException extends RuntimeException {
  public AmsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
