package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The admin credentials sent with every request as HTTP Basic. {@link #toString()} never shows the password, so a
 * stray log or exception message cannot leak it.
 */
record Credentials(String user, String password) {
  Credentials {
    requireNonNull(user, "user is null");
  }

  /** The Authorization header value, or null when there is no password (the AMS then decides whether that is fine). */
  String authorization() {
    if (password == null) {
      return null;
    }
    String token = user + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
  }
}
