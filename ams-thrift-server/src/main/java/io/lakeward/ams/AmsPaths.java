package io.lakeward.ams;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the AMS lives on disk: its home (LAKEWARD_HOME: the install or source root, where the
 * embedded database and the optimizer build output are) and its log directory (LAKEWARD_LOG_DIR;
 * launched optimizer applications log under {@code optimizers/} in it).
 */
public record AmsPaths(Path home, Path logDir) {
  public AmsPaths {
    home = requireNonNull(home, "home is null").toAbsolutePath().normalize();
    logDir = requireNonNull(logDir, "logDir is null").toAbsolutePath().normalize();
  }

  /** The home with its default log directory, home/logs. */
  public static AmsPaths under(Path home) {
    return new AmsPaths(home, home.resolve("logs"));
  }
}
