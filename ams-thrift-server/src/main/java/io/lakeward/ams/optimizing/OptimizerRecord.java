package io.lakeward.ams.optimizing;

import java.util.Map;

/** A registered optimizer, identified by the token it received at registration. */
public record OptimizerRecord(
    String token,
    String group,
    int threadCount,
    int memoryMb,
    String host,
    String resourceId,
    Map<String, String> properties,
    long registeredAtMillis,
    long lastHeartbeatAtMillis) {
  public OptimizerRecord {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
