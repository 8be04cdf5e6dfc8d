package io.lakeward.ams.optimizing;

import java.util.Map;

/**
 * A named pool of optimizers that tables are assigned to with the self-optimizing.group property.
 * The container says who starts its optimizers: the AMS launches Spark optimizer applications for
 * "local" and "spark" groups; "external" ones are started by an admin (for example with
 * sbin/optimizer.sh) and register themselves.
 */
public record OptimizerGroup(String name, String container, Map<String, String> properties, long createdAt, long updatedAt) {
  public static final String EXTERNAL = "external";

  public OptimizerGroup {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
