package io.lakeward.ams.rest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Body of GET /api/ams/v1/health. */
public record HealthReport(String status, String version, Map<String, Subsystem> subsystems) {

  /** State of one subsystem; port is null where it has none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Subsystem(String status, Integer port) {
    public static Subsystem up(Integer port) {
      return new Subsystem("UP", port);
    }

    public static Subsystem down(Integer port) {
      return new Subsystem("DOWN", port);
    }

    @JsonIgnore
    public boolean isUp() {
      return "UP".equals(status);
    }
  }
}
