package io.lakeward.ams.optimizer;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.optimizer.container.LaunchedApplication;
import io.lakeward.ams.optimizer.container.OptimizerContainer;
import io.lakeward.ams.optimizer.container.OptimizerContainers;
import io.lakeward.common.config.Durations;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops applications in the background through their container (SIGTERM, SIGKILL after the stop
 * timeout, cluster kills), so a kill request or a review never waits for a process to exit.
 */
final class ApplicationStopper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationStopper.class);

  private final OptimizerContainers containers;
  private final Duration grace;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "lakeward-optimizer-stop");
    thread.setDaemon(true);
    return thread;
  });

  ApplicationStopper(OptimizerContainers containers, Duration grace) {
    this.containers = requireNonNull(containers, "containers is null");
    this.grace = requireNonNull(grace, "grace is null");
  }

  /** Stops the application; process is null when the AMS holds none of it. */
  void stopLater(OptimizerApplication application, LaunchedApplication process) {
    executor.execute(() -> {
      try {
        OptimizerContainer container = containers.find(application.container()).orElse(null);
        if (container != null) {
          container.stop(application, process, grace);
        } else if (process != null) {
          process.terminate(grace);
        }
      } catch (RuntimeException e) {
        LOG.warn("Cannot stop optimizer application {}: {}", application.applicationId(), e.toString(), e);
      }
    });
  }

  /** Waits for the stops under way (each bounded by the grace period and a SIGKILL), then ends. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("Optimizer applications still stopping after {}; leaving them", Durations.format(grace));
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
