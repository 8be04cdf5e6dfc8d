package io.lakeward.terminal.backend;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Turns the errors a HiveServer2-protocol server sends back into messages for people: the server's
 * Java stack trace and the exception class names it wraps its errors in are dropped; Spark's own
 * message (error class, position, the SQL with a caret) is kept.
 */
final class SqlErrors {
  /** SQLSTATE the Hive JDBC drivers give a statement the server cancelled. */
  static final String CANCELLED_STATE = "01000";
  private static final Pattern STACK_FRAME = Pattern.compile("\\R\\s*at [\\w$.<>/]+\\(.*", Pattern.DOTALL);
  /** A qualified exception class name as Java prints it before a message: a wrapper, never the news. */
  private static final Pattern EXCEPTION_NAME = Pattern.compile("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ?");
  /** Spark repeats its error class ("[X] ...: [X] message") once the class names between are gone. */
  private static final Pattern REPEATED_ERROR_CLASS = Pattern.compile("^(\\[[A-Z0-9_.]+])\\s+(?=\\1)");
  private static final String RUNNING_QUERY = "Error running query: ";

  private SqlErrors() {}

  static String message(SQLException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = e.getCause();
      message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getClass().getSimpleName();
    }
    return clean(message);
  }

  static String clean(String message) {
    String text = STACK_FRAME.matcher(message).replaceFirst("");
    text = EXCEPTION_NAME.matcher(text).replaceAll("");
    text = text.replace(RUNNING_QUERY, "").strip();
    return REPEATED_ERROR_CLASS.matcher(text).replaceFirst("").strip();
  }

  /** True when the connection to the server is gone (SQLSTATE class 08), so the session cannot go on. */
  static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }
}
