package io.lakeward.terminal.backend;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HiveServer2 JDBC URL grammar: {@code jdbc:<scheme>://host:port/db;sessionVars?hiveConfs#hiveVars}.
 * Session variables (timeouts, Kerberos principals) go only into the URL: the Kyuubi driver reads no
 * other connection properties than user and password.
 */
final class JdbcUrls {
  /** A JDBC URL in a message: group 1 is what {@link #display} keeps, the rest (credentials too) goes. */
  private static final Pattern URL_IN_TEXT = Pattern.compile("(jdbc:[a-z0-9]+://[^\\s;?#]*)[;?#]\\S*?(?=:?(\\s|$))");

  private JdbcUrls() {}

  /** The text with the session variables and the rest of every JDBC URL in it removed. */
  static String redact(String text) {
    return URL_IN_TEXT.matcher(text).replaceAll("$1");
  }

  /** The URL with session variables added, except those the URL already sets (it rejects duplicates). */
  static String withSessionVariables(String url, Map<String, String> variables) {
    int end = endOfSessionPart(url);
    StringBuilder session = new StringBuilder(url.substring(0, end));
    int authority = url.indexOf("//");
    if (session.indexOf("/", authority < 0 ? 0 : authority + 2) < 0) {
      // jdbc:kyuubi://host:port has no database path yet; the session part must follow one.
      session.append('/');
    }
    String existing = ";" + session.substring(session.indexOf("/", authority + 2) + 1) + ";";
    variables.forEach((key, value) -> {
      if (value != null && !existing.contains(";" + key + "=")) {
        session.append(';').append(key).append('=').append(value);
      }
    });
    return session + url.substring(end);
  }

  /** The URL without its session variables and the rest: safe to show (no password=...). */
  static String display(String url) {
    int end = endOfSessionPart(url);
    int semicolon = url.indexOf(';');
    return url.substring(0, semicolon >= 0 && semicolon < end ? semicolon : end);
  }

  private static int endOfSessionPart(String url) {
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    int end = url.length();
    if (query >= 0) {
      end = query;
    }
    if (fragment >= 0 && fragment < end) {
      end = fragment;
    }
    return end;
  }
}
