package io.lakeward.terminal.backend;

/**
 * A statement or a session that failed on the engine side. The message is meant for the user who ran
 * the statement: the engine's own error, without Java stack traces or wrapper prefixes.
 */
public class TerminalException extends Exception {
  public TerminalException(String message) {
    super(message);
  }

  public TerminalException(String message, Throwable cause) {
    super(message, cause);
  }
}
