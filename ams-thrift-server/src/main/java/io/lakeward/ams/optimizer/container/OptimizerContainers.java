package io.lakeward.ams.optimizer.container;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import io.lakeward.ams.config.ContainersConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The containers groups can choose from, by name: local, spark and external, plus any a test plugs in. */
public final class OptimizerContainers {
  private final Map<String, OptimizerContainer> byName;

  public OptimizerContainers(List<OptimizerContainer> containers) {
    Map<String, OptimizerContainer> map = new TreeMap<>();
    for (OptimizerContainer container : containers) {
      if (map.put(container.name(), container) != null) {
        throw new IllegalArgumentException("Two optimizer containers are named " + container.name());
      }
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  /** The built-in containers configured from config.yaml, plus additional ones. */
  public static OptimizerContainers of(ContainersConfig config, Path home, List<OptimizerContainer> additional) {
    List<OptimizerContainer> all = new ArrayList<>(List.of(new LocalSparkContainer(config.local(), home),
        new SparkSubmitContainer(config.spark(), home), new ExternalContainer()));
    all.addAll(additional);
    return new OptimizerContainers(all);
  }

  public Optional<OptimizerContainer> find(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  /**
   * The container of that name, checked to be usable by a group.
   *
   * @throws io.lakeward.common.exceptions.InvalidInputException for an unknown or unusable container
   */
  public OptimizerContainer checkUsable(String name) {
    OptimizerContainer container = find(name).orElse(null);
    checkArgument(container != null, "Invalid optimizer container: %s (supported: %s)", name, byName.keySet());
    container.checkUsable();
    return container;
  }
}
