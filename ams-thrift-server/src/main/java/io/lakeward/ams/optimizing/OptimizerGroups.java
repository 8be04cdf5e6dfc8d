package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.optimizer.GroupLaunchSettings;
import io.lakeward.ams.optimizer.container.OptimizerContainers;
import io.lakeward.ams.persistence.OptimizerApplicationStore;
import io.lakeward.ams.persistence.OptimizerGroupStore;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.Identifiers;
import io.lakeward.common.exceptions.AlreadyExistsException;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns optimizer groups: created from config.yaml at start-up and through the REST API. A group's
 * container must be one the AMS has (and is configured for), and its properties must be valid
 * {@link GroupLaunchSettings}.
 */
public final class OptimizerGroups {
  /** Told when a group appears (also for every existing group at start-up) and when it is removed. */
  public interface Listener {
    void created(String group);

    void removed(String group);
  }

  private static final Logger LOG = LoggerFactory.getLogger(OptimizerGroups.class);

  private final OptimizerGroupStore store;
  private final OptimizerRegistry optimizers;
  private final OptimizingProcessStore processes;
  private final OptimizerApplicationStore applications;
  private final OptimizerContainers containers;
  private final String defaultContainer;
  private final Listener listener;
  private final Clock clock;

  public OptimizerGroups(OptimizerGroupStore store, OptimizerRegistry optimizers, OptimizingProcessStore processes,
      OptimizerApplicationStore applications, OptimizerContainers containers, String defaultContainer,
      Listener listener, Clock clock) {
    this.listener = requireNonNull(listener, "listener is null");
    this.store = requireNonNull(store, "store is null");
    this.optimizers = requireNonNull(optimizers, "optimizers is null");
    this.processes = requireNonNull(processes, "processes is null");
    this.applications = requireNonNull(applications, "applications is null");
    this.containers = requireNonNull(containers, "containers is null");
    this.defaultContainer = requireNonNull(defaultContainer, "defaultContainer is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Creates the groups config.yaml names that do not exist yet, with the default container (existing
   * ones are left as they are), then tells the listener about every group.
   */
  public void ensure(List<String> names) {
    for (String name : names) {
      if (store.find(name).isEmpty() && store.insert(group(name, defaultContainer, Map.of(), clock.millis()))) {
        LOG.info("Optimizer group {} created from the configuration (container {})", name, defaultContainer);
      }
    }
    store.list().forEach(g -> listener.created(g.name()));
  }

  /** Creates a group; without a container it gets ams.optimizer.default-container. */
  public OptimizerGroup create(String name, String container, Map<String, String> properties) {
    Identifiers.checkName("optimizer group", name);
    String kind = container == null ? defaultContainer : container;
    check(kind, properties);
    OptimizerGroup group = group(name, kind, properties, clock.millis());
    if (!store.insert(group)) {
      throw new AlreadyExistsException(ErrorCode.ALREADY_EXISTS, "Optimizer group already exists: " + name);
    }
    listener.created(name);
    return group;
  }

  public OptimizerGroup update(String name, String container, Map<String, String> properties) {
    OptimizerGroup existing = get(name);
    String kind = container == null ? existing.container() : container;
    Map<String, String> effective = properties == null ? existing.properties() : properties;
    check(kind, effective);
    OptimizerGroup updated = new OptimizerGroup(name, kind, effective, existing.createdAt(), clock.millis());
    store.update(updated);
    return updated;
  }

  /**
   * Removes an unused group: refused while optimizers are registered in it, its processes run, or
   * applications launched for it are live.
   */
  public void delete(String name) {
    get(name);
    if (optimizers.list().stream().anyMatch(o -> o.group().equals(name))) {
      throw new ConflictException(ErrorCode.NOT_EMPTY, "Cannot remove optimizer group " + name + ": optimizers are registered in it");
    }
    if (processes.active().stream().anyMatch(p -> p.group().equals(name))) {
      throw new ConflictException(ErrorCode.NOT_EMPTY, "Cannot remove optimizer group " + name + ": optimizing processes are running in it");
    }
    if (applications.live().stream().anyMatch(a -> a.group().equals(name))) {
      throw new ConflictException(ErrorCode.NOT_EMPTY, "Cannot remove optimizer group " + name
          + ": optimizer applications launched for it are live (kill them first)");
    }
    store.delete(name);
    listener.removed(name);
  }

  public OptimizerGroup get(String name) {
    return store.find(name).orElseThrow(() -> new NotFoundException(ErrorCode.NO_SUCH_OBJECT,
        "Optimizer group does not exist: " + name));
  }

  public boolean exists(String name) {
    return name != null && store.find(name).isPresent();
  }

  public List<OptimizerGroup> list() {
    return store.list();
  }

  private void check(String container, Map<String, String> properties) {
    containers.checkUsable(container);
    GroupLaunchSettings.of(properties == null ? Map.of() : properties);
  }

  private static OptimizerGroup group(String name, String container, Map<String, String> properties, long now) {
    return new OptimizerGroup(name, container, properties, now, now);
  }
}
