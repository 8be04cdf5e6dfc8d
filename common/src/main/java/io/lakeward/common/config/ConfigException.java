package io.lakeward.common.config;

/**
 * Invalid configuration, reported at start-up as one line that names the key. The AMS prints
 * {@link #getMessage()} and exits; it never starts with a configuration it could not read.
 */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String problem) {
    super("Invalid configuration " + key + ": " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static void check(boolean condition, String key, String format, Object... args) {
    if (!condition) {
      throw new ConfigException(key, String.format(format, args));
    }
  }

  public static int checkPort(String key, int port) {
    check(port > 0 && port < 65536, key, "port %s is out of range 1-65535", port);
    return port;
  }

  /** Like {@link #checkPort} but also allows 0, which asks the OS for a free port (used by tests). */
  public static int checkPortOrZero(String key, int port) {
    check(port >= 0 && port < 65536, key, "port %s is out of range 0-65535", port);
    return port;
  }
}
