package io.lakeward.terminal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Limits of the terminal, whatever its backend: rows fetched per statement, whether a failed statement
 * stops its script, how long an idle session lives, the largest script accepted, how many sessions may
 * be open and how many executions run at once.
 */
public record TerminalSettings(
    int resultLimit,
    boolean stopOnError,
    Duration sessionTimeout,
    long maxScriptBytes,
    int maxSessions,
    int threads) {

  public TerminalSettings {
    requireNonNull(sessionTimeout, "sessionTimeout is null");
    if (resultLimit < 1 || maxScriptBytes < 1 || maxSessions < 1 || threads < 1 || sessionTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("Invalid terminal settings: " + resultLimit + ", " + sessionTimeout + ", "
          + maxScriptBytes + ", " + maxSessions + ", " + threads);
    }
  }
}
