package io.lakeward.ams.optimizer.container;

import io.lakeward.ams.config.OptimizerConfig;

/** Optimizers started by hand (sbin/optimizer.sh); the AMS only accepts their registrations. */
public final class ExternalContainer implements OptimizerContainer {
  @Override
  public String name() {
    return OptimizerConfig.EXTERNAL;
  }

  @Override
  public boolean launches() {
    return false;
  }

  @Override
  public LaunchedApplication launch(LaunchRequest request) throws LaunchException {
    throw new LaunchException("The external container launches nothing: start optimizers of group " + request.group()
        + " with sbin/optimizer.sh");
  }

  @Override
  public boolean stopsWithAms() {
    return false;
  }
}
