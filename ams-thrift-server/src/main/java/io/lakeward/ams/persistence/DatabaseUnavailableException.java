package io.lakeward.ams.persistence;

/** The AMS database cannot be reached at start-up. */
public class DatabaseUnavailableException extends PersistenceException {
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
