package io.lakeward.ams.optimizer.container;

/** An optimizer application could not be started; the message says why and what to fix. */
public final class LaunchException extends Exception {
  public LaunchException(String message) {
    super(message);
  }

  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }
}
