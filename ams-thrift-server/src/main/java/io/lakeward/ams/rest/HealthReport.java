package io.lakeward.ams.rest;

import java.util.Map;

/** Body of GET /api/ams/v1/health. */
public record HealthReport(String status, String version, Map<String, Subsystem> subsystems) {

  /** State of one subsystem; port is null where it has none. */
  public record Subsystem(String status, Integer port) {
    public static Subsystem up(Integer port) {
      return new Subsystem("UP", port);
    }

    public static Subsystem down(Integer port) {
      return new Subsystem("DOWN", port);
    }

    public boolean isUp() {
      return "UP".equals(status);
    }
  }
}
