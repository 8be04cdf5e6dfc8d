package io.lakeward.ams.optimizer;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.optimizer.container.LaunchException;
import io.lakeward.ams.optimizer.container.LaunchRequest;
import io.lakeward.ams.optimizer.container.LaunchedApplication;
import io.lakeward.ams.optimizer.container.OptimizerContainer;
import io.lakeward.ams.optimizer.container.OptimizerContainers;
import io.lakeward.ams.optimizing.OptimizerGroup;
import io.lakeward.ams.optimizing.OptimizerGroups;
import io.lakeward.ams.optimizing.OptimizerRecord;
import io.lakeward.ams.optimizing.OptimizerRegistry;
import io.lakeward.ams.persistence.OptimizerApplicationStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.config.Durations;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.NotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the launch decisions: every {@code ams.optimizer.container-check-interval} it records how
 * launched applications ended, follows their optimizers' registrations and start timeouts, and
 * launches applications for groups of launching containers by {@link LaunchPolicy}. Admins launch
 * and kill through it too. At start-up {@link #recover()} re-attaches to applications an earlier AMS
 * process launched; at shutdown {@link #close()} stops those of containers that stop with the AMS.
 */
public final class OptimizerLauncher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OptimizerLauncher.class);
  private static final int BACKOFF_HISTORY = 8;
  /** The registration property in which a Spark optimizer reports its Spark application id. */
  static final String SPARK_APP_ID = "spark.app.id";

  private final OptimizerGroups groups;
  private final OptimizerRegistry optimizers;
  private final OptimizerApplicationStore applications;
  private final OptimizerContainers containers;
  private final Predicate<String> pendingWork;
  private final OptimizerConfig config;
  private final Path logDir;
  private final Supplier<String> amsUri;
  private final Clock clock;
  private final String host;
  private final LaunchedProcesses processes = new LaunchedProcesses();
  private final ApplicationStopper stopper;
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private boolean closed;

  private record Check(long at, String decision) {}

  public OptimizerLauncher(OptimizerGroups groups, OptimizerRegistry optimizers, OptimizerApplicationStore applications,
      OptimizerContainers containers, Predicate<String> pendingWork, OptimizerConfig config, Path logDir,
      Supplier<String> amsUri, Clock clock) {
    this.groups = requireNonNull(groups, "groups is null");
    this.optimizers = requireNonNull(optimizers, "optimizers is null");
    this.applications = requireNonNull(applications, "applications is null");
    this.containers = requireNonNull(containers, "containers is null");
    this.pendingWork = requireNonNull(pendingWork, "pendingWork is null");
    this.config = requireNonNull(config, "config is null");
    this.logDir = requireNonNull(logDir, "logDir is null");
    this.amsUri = requireNonNull(amsUri, "amsUri is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.host = localHostName();
    this.stopper = new ApplicationStopper(containers, config.applicationStopTimeout());
  }

  /**
   * Once at start-up: applications an earlier AMS process recorded as live are re-attached by pid on
   * this host; a cluster-mode one whose local process is gone is followed through its optimizer's
   * registration while that is fresh; the others are LOST.
   */
  public synchronized void recover() {
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

  /** One review: ended processes, registrations and timeouts, then the launch decision of every group. */
  public synchronized void tick() {
    if (closed) {
      return;
    }
    reap();
    supervise();
    Map<String, Long> registeredPerGroup = optimizers.list().stream()
        .collect(Collectors.groupingBy(OptimizerRecord::group, Collectors.counting()));
    List<OptimizerApplication> live = applications.live();
    for (OptimizerGroup group : groups.list()) {
      try {
        check(group, live, registeredPerGroup.getOrDefault(group.name(), 0L).intValue());
      } catch (RuntimeException e) {
        LOG.warn("Cannot review the optimizer applications of group {}: {}", group.name(), e.toString(), e);
        checks.put(group.name(), new Check(clock.millis(), "review failed: " + e.getMessage()));
      }
    }
  }

  /**
   * Launches an application for a group now (an admin's request): parallelism slots (the group's
   * parallelism when null), fewer if only fewer are left below max-parallelism. The application is
   * recorded even when its launch fails (status FAILED, with the reason).
   *
   * @throws NotFoundException for an unknown group
   * @throws ConflictException when the group's container launches nothing or the group is at max-parallelism
   */
  public synchronized OptimizerApplication launchNow(String groupName, Integer parallelism) {
    OptimizerGroup group = groups.get(groupName);
    if (closed) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot launch an optimizer: the AMS is stopping");
    }
    OptimizerContainer container = containers.find(group.container()).filter(OptimizerContainer::launches)
        .orElseThrow(() -> new ConflictException(ErrorCode.CONFLICT, "Cannot launch an optimizer for group " + groupName
            + ": its container " + group.container() + " launches nothing"));
    GroupLaunchSettings settings = GroupLaunchSettings.of(group.properties());
    if (parallelism != null && parallelism <= 0) {
      throw InvalidInputException.of("Invalid parallelism: %s", parallelism);
    }
    int slots = liveSlots(group.name(), applications.live());
    int room = settings.maxParallelism() - slots;
    if (room <= 0) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot launch an optimizer for group " + groupName
          + ": its applications hold " + slots + " slots of max-parallelism " + settings.maxParallelism());
    }
    int granted = Math.min(room, parallelism != null ? parallelism : settings.parallelism());
    return launch(group, container, settings, granted, LaunchReason.MANUAL, settings.idleExitSeconds());
  }

  /**
   * Kills a live application: it is KILLED at once, its process is stopped in the background
   * (SIGTERM, SIGKILL after ams.optimizer.application-stop-timeout).
   *
   * @throws NotFoundException for an unknown application
   * @throws ConflictException when it has already ended
   */
  public OptimizerApplication kill(long applicationId) {
    OptimizerApplication app = find(applicationId);
    if (!app.isLive() || !end(app, ApplicationStatus.KILLED, null, "killed through the REST API")) {
      throw new ConflictException(ErrorCode.CONFLICT, "Optimizer application " + applicationId + " has already ended: "
          + find(applicationId).status());
    }
    stopper.stopLater(app, processes.process(applicationId).orElse(null));
    return find(applicationId);
  }

  /** An optimizer registered: when it belongs to a launched application, that application is RUNNING. */
  public void registered(OptimizerRecord optimizer) {
    if (optimizer.resourceId() == null) {
      return;
    }
    try {
      markRegistered(optimizer);
    } catch (RuntimeException e) {
      // The registration itself stands; the next review sees it again.
      LOG.warn("Cannot record the registration of optimizer application {}: {}", optimizer.resourceId(), e.toString());
    }
  }

  private void markRegistered(OptimizerRecord optimizer) {
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

  public OptimizerApplication find(long applicationId) {
    return applications.find(applicationId).orElseThrow(() -> new NotFoundException(ErrorCode.NO_SUCH_OBJECT,
        "Optimizer application does not exist: " + applicationId));
  }

  public List<OptimizerApplication> list(String group, int limit) {
    return applications.recent(group, limit);
  }

  /** The launch status of a group for its REST view. */
  public GroupLaunchStatus status(String group) {
    List<OptimizerApplication> live = applications.live();
    List<OptimizerApplication> recent = applications.recent(group, BACKOFF_HISTORY);
    OptimizerApplication lastFailure = recent.stream().filter(a -> !a.isLive()).findFirst()
        .filter(a -> a.status() == ApplicationStatus.FAILED).orElse(null);
    Check check = checks.get(group);
    Long backoffUntil = LaunchPolicy.backoffUntil(recent, config.launchBackoff());
    return new GroupLaunchStatus(liveSlots(group, live), live.stream().filter(a -> a.group().equals(group)).toList(),
        lastFailure, backoffUntil != null && backoffUntil > clock.millis() ? backoffUntil : null,
        check == null ? null : check.at(), check == null ? null : check.decision());
  }

  /** Stops the applications of containers that stop with the AMS (recorded KILLED); leaves the others running. */
  @Override
  public synchronized void close() {
    closed = true;
    for (LaunchedProcesses.Tracked tracked : processes.all()) {
      boolean stops = containers.find(tracked.container()).map(OptimizerContainer::stopsWithAms).orElse(true);
      OptimizerApplication app = applications.find(tracked.applicationId()).orElse(null);
      if (stops && app != null && app.isLive() && end(app, ApplicationStatus.KILLED, null, "stopped with the AMS")) {
        stopper.stopLater(app, tracked.process());
      }
    }
    // Waits for these stops and for those of earlier kills still in progress.
    stopper.close();
    reap();
  }

  private void check(OptimizerGroup group, List<OptimizerApplication> live, int registered) {
    OptimizerContainer container = containers.find(group.container()).orElse(null);
    if (container == null || !container.launches()) {
      checks.put(group.name(), new Check(clock.millis(), "the " + group.container() + " container launches nothing"));
      return;
    }
    GroupLaunchSettings settings;
    try {
      settings = GroupLaunchSettings.of(group.properties());
    } catch (InvalidInputException e) {
      checks.put(group.name(), new Check(clock.millis(), e.getMessage()));
      return;
    }
    long now = clock.millis();
    int liveApplications = (int) live.stream().filter(a -> a.group().equals(group.name())).count();
    Long backoffUntil = LaunchPolicy.backoffUntil(applications.recent(group.name(), BACKOFF_HISTORY),
        config.launchBackoff());
    LaunchPolicy.Decision decision = LaunchPolicy.decide(settings, liveSlots(group.name(), live), liveApplications,
        registered, () -> pendingWork.test(group.name()), backoffUntil, now);
    checks.put(group.name(), new Check(now, decision.explanation()));
    if (decision.launches()) {
      launch(group, container, settings, decision.parallelism(), decision.reason(), decision.idleExitSeconds());
    }
  }

  private OptimizerApplication launch(OptimizerGroup group, OptimizerContainer container, GroupLaunchSettings settings,
      int parallelism, LaunchReason reason, long idleExitSeconds) {
    long now = clock.millis();
    long id = now * 1000 + Math.floorMod(sequence.incrementAndGet(), 1000);
    Path log = logDir.resolve("optimizers").resolve(LaunchRequest.safeName(group.name()) + "-" + id + ".log");
    OptimizerApplication app = OptimizerApplication.starting(id, group.name(), container.name(), reason, parallelism,
        idleExitSeconds, host, log.toString(), now);
    applications.insert(app);
    LaunchRequest request = new LaunchRequest(id, app.resourceId(), group.name(), parallelism, idleExitSeconds,
        amsUri.get(), config.heartbeatInterval(), settings.driverMemory(), settings.sparkConf(), log);
    try {
      LaunchedApplication process = container.launch(request);
      processes.add(app, process);
      applications.started(id, process.pid(), null);
      LOG.info("Launched optimizer application {} for group {} in the {} container ({}, {} slots): pid {}, log {}",
          id, group.name(), container.name(), reason, parallelism, process.pid(), log);
    } catch (LaunchException | RuntimeException e) {
      String reasonText = e instanceof LaunchException ? e.getMessage() : "Cannot launch an optimizer: " + e;
      end(app, ApplicationStatus.FAILED, null, reasonText);
      LOG.warn("Optimizer group {} needs an optimizer but none could be launched: {}", group.name(), reasonText);
    }
    return find(id);
  }

  /** Records how the applications whose process ended have ended. */
  private void reap() {
    for (LaunchedProcesses.Tracked tracked : processes.takeEnded()) {
      OptimizerApplication app = applications.find(tracked.applicationId()).orElse(null);
      var exitCode = tracked.process().exitCode();
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
  private void supervise() {
    Map<String, OptimizerRecord> registered = optimizers.list().stream().filter(o -> o.resourceId() != null)
        .collect(Collectors.toMap(OptimizerRecord::resourceId, o -> o, (a, b) -> a));
    long now = clock.millis();
    long timeout = config.applicationStartTimeout().toMillis();
    for (OptimizerApplication app : applications.live()) {
      OptimizerRecord optimizer = registered.get(app.resourceId());
      if (optimizer != null) {
        seen(app, optimizer, now);
      } else if (app.status() == ApplicationStatus.STARTING && now - app.startedAt() > timeout) {
        fail(app, "did not register with the AMS within " + Durations.format(config.applicationStartTimeout())
            + "; stopped");
      } else if (app.status() == ApplicationStatus.RUNNING && processes.process(app.applicationId()).isEmpty()) {
        end(app, ApplicationStatus.LOST, null, "its optimizer left the AMS, which holds no process of it "
            + "(launched before an AMS restart): exit state unknown");
      } else if (app.status() == ApplicationStatus.RUNNING && now - lastSeen(app) > timeout) {
        fail(app, "its optimizer has not been registered with the AMS for "
            + Durations.format(config.applicationStartTimeout()) + "; stopped");
      }
      if (app.submissionId() == null) {
        containers.find(app.container()).flatMap(c -> c.submissionId(app))
            .ifPresent(submission -> applications.submission(app.applicationId(), submission));
      }
    }
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

  private boolean end(OptimizerApplication app, ApplicationStatus status, Integer exitCode, String message) {
    boolean ended = applications.end(app.applicationId(), app.status(), status, exitCode, message, clock.millis());
    if (ended) {
      LOG.info("Optimizer application {} of group {} {}: {}", app.applicationId(), app.group(), status, message);
    }
    return ended;
  }

  /** Slots of the group's live applications, plus those of ended ones whose process is still stopping. */
  private int liveSlots(String group, List<OptimizerApplication> live) {
    List<OptimizerApplication> mine = live.stream().filter(a -> a.group().equals(group)).toList();
    Set<Long> ids = mine.stream().map(OptimizerApplication::applicationId).collect(Collectors.toSet());
    return mine.stream().mapToInt(OptimizerApplication::parallelism).sum()
        + processes.stillStopping(group, ids).stream().mapToInt(LaunchedProcesses.Tracked::parallelism).sum();
  }

  private static long lastSeen(OptimizerApplication app) {
    return app.lastSeenAt() != null ? app.lastSeenAt() : app.registeredAt() != null ? app.registeredAt() : app.startedAt();
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }

  /** Resource ids of optimizers heard from within the heartbeat timeout (a registration row may be stale). */
  private Set<String> freshlyRegisteredResources() {
    long threshold = clock.millis() - config.heartbeatTimeout().toMillis();
    return optimizers.list().stream().filter(o -> o.lastHeartbeatAtMillis() >= threshold)
        .map(OptimizerRecord::resourceId).filter(Objects::nonNull).collect(Collectors.toSet());
  }
}
