package io.lakeward.benchmarks.engine;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The line protocol between a benchmark and an {@link EngineMain} child JVM: a request is one line
 * {@code command key=value ...}, a reply one line {@code @@bench-reply ok key=value ...} or
 * {@code @@bench-reply error message}, values URL-encoded. Plain JDK only: both sides use it, and the
 * two sides have different class paths.
 */
public final class Wire {
  /** Marks reply lines on the engine's stdout; anything else there is log output. */
  public static final String REPLY = "@@bench-reply ";
  public static final String OK = "ok";
  public static final String ERROR = "error";

  private Wire() {
  }

  public static String encode(String head, Map<String, String> values) {
    StringBuilder line = new StringBuilder(head);
    values.forEach((k, v) -> line.append(' ').append(escape(k)).append('=').append(escape(v)));
    return line.toString();
  }

  /** The first word of a line. */
  public static String head(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }

  /** The key=value pairs after the first word. */
  public static Map<String, String> values(String line) {
    Map<String, String> values = new LinkedHashMap<>();
    int space = line.indexOf(' ');
    if (space < 0) {
      return values;
    }
    for (String pair : line.substring(space + 1).trim().split(" ")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Invalid key=value pair: " + pair);
      }
      values.put(unescape(pair.substring(0, eq)), unescape(pair.substring(eq + 1)));
    }
    return values;
  }

  public static String escape(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public static String unescape(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
