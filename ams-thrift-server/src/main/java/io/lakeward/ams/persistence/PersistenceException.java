package io.lakeward.ams.persistence;

/** An unexpected failure of the AMS database; callers see it as an internal error, never as bad input. */
public class PersistenceException extends RuntimeException {
  public PersistenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
