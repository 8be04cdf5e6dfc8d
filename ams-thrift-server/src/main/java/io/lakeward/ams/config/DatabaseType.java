package io.lakeward.ams.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Databases the AMS can keep its state in. */
public enum DatabaseType {
  DERBY("derby"),
  MYSQL("mysql");

  private final String configName;

  DatabaseType(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static DatabaseType fromConfig(String name) {
    for (DatabaseType type : values()) {
      if (type.configName.equals(name.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown database type '" + name + "' (expected one of "
        + Arrays.stream(values()).map(DatabaseType::configName).collect(Collectors.joining(", ")) + ")");
  }
}
