package io.lakeward.ams.optimizer;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.optimizer.container.LaunchedApplication;
import io.lakeward.ams.optimizer.container.OptimizerContainer;
import io.lakeward.ams.optimizer.container.OptimizerContainers;
import io.lakeward.ams.optimizing.OptimizerRecord;
import io.lakeward.ams.optimizing.OptimizerRegistry;
import io.lakeward.ams.persistence.OptimizerApplicationStore;
import io.lakeward.common.config.Durations;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows launched applications from launch to their end: their processes (how they exit), their
 * optimizers' registrations (STARTING to RUNNING, the Spark application id, silence), the start
 * timeout, kills, re-attaching after a restart, and stopping them with the AMS. Every end is a
 * compare-and-set in the store, so an application ends once however the reaper, a kill and a timeout race.
 */
final class ApplicationTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationTracker.class);
  /** The registration property in which a Spark optimizer reports its Spark application id. */
  static final String SPARK_APP_ID = "spark.app.id";

  private final OptimizerApplicationStore applications;
  private final OptimizerRegistry optimizers;
  private final OptimizerContainers containers;
  private final OptimizerConfig config;
  private final Clock clock;
  private final String host;
  private final LaunchedProcesses processes = new LaunchedProcesses();
  private final ApplicationStopper stopper;

  ApplicationTracker(OptimizerApplicationStore applications, OptimizerRegistry optimizers, OptimizerContainers containers,
      OptimizerConfig config, Clock clock, String host) {
    this.applications = requireNonNull(applications, "applications is null");
    this.optimizers = requireNonNull(optimizers, "optimizers is null");
    this.containers = requireNonNull(containers, "containers is null");
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.host = requireNonNull(host, "host is null");
    this.stopper = new ApplicationStopper(containers, config.applicationStopTimeout());
  }

  /** A process was started for the application. */
  void launched(OptimizerApplication app, LaunchedApplication process) {
    processes.add(app, process);
    applications.started(app.applicationId(), process.pid(), null);
  }

  /**
   * Applications an earlier AMS process recorded as live: re-attached by pid on this host; a
   * cluster-mode one whose local process is gone is followed through its optimizer's registration
   * while that is fresh; the others are LOST.
   */
  void recover() {
    Set<String> registered = freshlyRegisteredResources();
    for (OptimizerApplication app : applications.live()) {
      LaunchedApplication process = app.pid() == null || !host.equals(app.host()) ? null
          : LaunchedApplication.adopt(app.pid(), app.resourceId()).orElse(null);
      // When the driver was the process itself (local, client mode), a gone process is a gone application.
      boolean driverInCluster = containers.find(app.container()).map(c -> !c.stopsWithAms()).orElse(false);
      if (process != null) {
        processes.add(app, process);
        LOG.info("Re-attached to optimizer application {} of group {} (pid {})", app.applicationId(), app.group(),
            app.pid());
      } else if (driverInCluster && registered.contains(app.resourceId())) {
        LOG.info("Optimizer application {} of group {} has no process on this host; followed through its optimizer",
            app.applicationId(), app.group());
      } else {
        String what = app.pid() == null ? "it had no process" : "process " + app.pid() + " on " + app.host() + " is gone";
        end(app, ApplicationStatus.LOST, null, "lost (AMS restarted): " + what);
      }
    }
  }

  /** Records how the applications whose process ended have ended. */
  void reap() {
    for (LaunchedProcesses.Tracked tracked : processes.takeEnded()) {
      OptimizerApplication app = applications.find(tracked.applicationId()).orElse(null);
      OptionalInt exitCode = tracked.process().exitCode();
      if (app == null) {
        continue;
      }
      if (!app.isLive()) {
        exitCode.ifPresent(code -> applications.exitCode(app.applicationId(), code));
      } else if (exitCode.isEmpty()) {
        end(app, ApplicationStatus.LOST, null, "its process ended; the exit code is unknown (re-attached after an "
            + "AMS restart)");
      } else if (exitCode.getAsInt() == 0 && app.status() == ApplicationStatus.RUNNING) {
        end(app, ApplicationStatus.EXITED, 0, "exited");
      } else {
        String what = exitCode.getAsInt() == 0 ? "exited with code 0 without registering with the AMS"
            : "exited with code " + exitCode.getAsInt();
        end(app, ApplicationStatus.FAILED, exitCode.getAsInt(), what + ApplicationLogs.lastLines(app.logPath()));
      }
    }
  }

  /** Follows live applications through their optimizers' registrations; enforces the start timeout. */
  void supervise() {
    Map<String, OptimizerRecord> registered = optimizers.list().stream().filter(o -> o.resourceId() != null)
        .collect(Collectors.toMap(OptimizerRecord::resourceId, o -> o, (a, b) -> a));
    long now = clock.millis();
    long timeout = config.applicationStartTimeout().toMillis();
    String timeoutText = Durations.format(config.applicationStartTimeout());
    for (OptimizerApplication app : applications.live()) {
      OptimizerRecord optimizer = registered.get(app.resourceId());
      if (optimizer != null) {
        seen(app, optimizer, now);
      } else if (app.status() == ApplicationStatus.STARTING && now - app.startedAt() > timeout) {
        fail(app, "did not register with the AMS within " + timeoutText + "; stopped");
      } else if (app.status() == ApplicationStatus.RUNNING && processes.process(app.applicationId()).isEmpty()) {
        end(app, ApplicationStatus.LOST, null, "its optimizer left the AMS, which holds no process of it "
            + "(launched before an AMS restart): exit state unknown");
      } else if (app.status() == ApplicationStatus.RUNNING && now - lastSeen(app) > timeout) {
        fail(app, "its optimizer has not been registered with the AMS for " + timeoutText + "; stopped");
      }
      if (app.submissionId() == null) {
        containers.find(app.container()).flatMap(c -> c.submissionId(app))
            .ifPresent(submission -> applications.submission(app.applicationId(), submission));
      }
    }
  }

  /** An optimizer registered: when it belongs to a launched application, that application is RUNNING. */
  void registered(OptimizerRecord optimizer) {
    applications.findByResource(optimizer.resourceId()).ifPresent(app -> {
      if (app.isLive()) {
        applications.seen(app.applicationId(), optimizer.properties().get(SPARK_APP_ID), clock.millis());
        LOG.info("Optimizer application {} of group {} registered (Spark application {})", app.applicationId(),
            app.group(), optimizer.properties().get(SPARK_APP_ID));
      } else {
        LOG.warn("An optimizer registered for optimizer application {}, which ended ({}): it runs outside the AMS's "
            + "control", app.applicationId(), app.status());
      }
    });
  }

  /** Ends a live application as KILLED and stops it in the background; false when it had already ended. */
  boolean kill(OptimizerApplication app, String message) {
    if (!app.isLive() || !end(app, ApplicationStatus.KILLED, null, message)) {
      return false;
    }
    stopper.stopLater(app, processes.process(app.applicationId()).orElse(null));
    return true;
  }

  /** Slots of the group's live applications, plus those of ended ones whose process is still stopping. */
  int liveSlots(String group, List<OptimizerApplication> live) {
    List<OptimizerApplication> mine = live.stream().filter(a -> a.group().equals(group)).toList();
    Set<Long> ids = mine.stream().map(OptimizerApplication::applicationId).collect(Collectors.toSet());
    return mine.stream().mapToInt(OptimizerApplication::parallelism).sum()
        + processes.stillStopping(group, ids).stream().mapToInt(LaunchedProcesses.Tracked::parallelism).sum();
  }

  boolean end(OptimizerApplication app, ApplicationStatus status, Integer exitCode, String message) {
    boolean ended = applications.end(app.applicationId(), app.status(), status, exitCode, message, clock.millis());
    if (ended) {
      LOG.info("Optimizer application {} of group {} {}: {}", app.applicationId(), app.group(), status, message);
    }
    return ended;
  }

  /**
   * Stops (KILLED) the applications of containers that stop with the AMS and waits for every stop
   * under way; leaves the others running for the next AMS to re-attach.
   */
  @Override
  public void close() {
    for (LaunchedProcesses.Tracked tracked : processes.all()) {
      boolean stops = containers.find(tracked.container()).map(OptimizerContainer::stopsWithAms).orElse(true);
      OptimizerApplication app = applications.find(tracked.applicationId()).orElse(null);
      if (stops && app != null) {
        kill(app, "stopped with the AMS");
      }
    }
    stopper.close();
    reap();
  }

  private void seen(OptimizerApplication app, OptimizerRecord optimizer, long now) {
    String sparkAppId = optimizer.properties().get(SPARK_APP_ID);
    if (app.status() == ApplicationStatus.STARTING || app.lastSeenAt() == null
        || now - app.lastSeenAt() >= config.heartbeatInterval().toMillis()
        || sparkAppId != null && !Objects.equals(sparkAppId, app.sparkAppId())) {
      applications.seen(app.applicationId(), sparkAppId, now);
    }
  }

  private void fail(OptimizerApplication app, String message) {
    if (end(app, ApplicationStatus.FAILED, null, message + ApplicationLogs.seeLog(app.logPath()))) {
      stopper.stopLater(app, processes.process(app.applicationId()).orElse(null));
    }
  }

  private static long lastSeen(OptimizerApplication app) {
    return app.lastSeenAt() != null ? app.lastSeenAt() : app.registeredAt() != null ? app.registeredAt() : app.startedAt();
  }

  /** Resource ids of optimizers heard from within the heartbeat timeout (a registration row may be stale). */
  private Set<String> freshlyRegisteredResources() {
    long threshold = clock.millis() - config.heartbeatTimeout().toMillis();
    return optimizers.list().stream().filter(o -> o.lastHeartbeatAtMillis() >= threshold)
        .map(OptimizerRecord::resourceId).filter(Objects::nonNull).collect(Collectors.toSet());
  }
}
