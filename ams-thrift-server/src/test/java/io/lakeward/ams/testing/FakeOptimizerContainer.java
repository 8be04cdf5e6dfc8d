package io.lakeward.ams.testing;

import io.lakeward.ams.optimizer.container.LaunchRequest;
import io.lakeward.ams.optimizer.container.ProcessContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test-only container: launches {@link FakeOptimizer} as a real child JVM with the Spark optimizer's
 * arguments, the group's Spark settings as --conf pairs.
 */
public final class FakeOptimizerContainer extends ProcessContainer {
  private final String name;
  private final boolean stopsWithAms;

  public FakeOptimizerContainer(String name, boolean stopsWithAms) {
    this.name = name;
    this.stopsWithAms = stopsWithAms;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean stopsWithAms() {
    return stopsWithAms;
  }

  @Override
  protected List<String> command(LaunchRequest request) {
    List<String> arguments = new ArrayList<>(request.optimizerArguments());
    for (Map.Entry<String, String> conf : request.sparkConf().entrySet()) {
      arguments.add("--conf");
      arguments.add(conf.getKey() + "=" + conf.getValue());
    }
    return FakeOptimizer.command(arguments);
  }
}
