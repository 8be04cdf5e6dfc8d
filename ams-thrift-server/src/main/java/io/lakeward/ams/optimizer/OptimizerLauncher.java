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
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.NotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the launch decisions: every {@code ams.optimizer.container-check-interval} it has the
 * {@link ApplicationTracker} record how launched applications ended and follow their optimizers,
 * then decides per group of a launching container by {@link LaunchPolicy} whether to launch one.
 * Admins launch and kill through it too. At start-up {@link #recover()} re-attaches to applications
 * an earlier AMS process launched; at shutdown {@link #close()} stops those of containers that stop
 * with the AMS.
 */
public final class OptimizerLauncher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OptimizerLauncher.class);
  private static final int BACKOFF_HISTORY = 8;

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
  private final ApplicationTracker tracker;
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private boolean closed;

  private record Check(long at, String decision) {}

  /**
   * @param pendingWork whether a group has work waiting for an optimizer (tables to plan, tasks to take)
   * @param amsUri the optimizing service's URI as optimizers reach it
   */
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
    this.tracker = new ApplicationTracker(applications, optimizers, containers, config, clock, host);
  }

  /** Once at start-up: re-attaches to, or records the end of, applications an earlier AMS process launched. */
  public synchronized void recover() {
    tracker.recover();
  }

  /** One review: ended processes, registrations and timeouts, then the launch decision of every group. */
  public synchronized void tick() {
    if (closed) {
      return;
    }
    tracker.reap();
    tracker.supervise();
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
   * recorded even when its launch fails (status FAILED, with the reason). Ignores the back-off.
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
    int slots = tracker.liveSlots(group.name(), applications.live());
    int room = settings.maxParallelism() - slots;
    if (room <= 0) {
      throw new ConflictException(ErrorCode.CONFLICT, "Cannot launch an optimizer for group " + groupName
          + ": its applications hold " + slots + " slots of max-parallelism " + settings.maxParallelism());
    }
    int granted = Math.min(room, parallelism != null ? parallelism : settings.parallelism());
    return launch(group, container, settings, granted, LaunchReason.MANUAL, settings.idleExitSeconds());
  }

  /**
   * Launches an application because the group's launch-cron fired: the group's parallelism (fewer if
   * only fewer slots are left below max-parallelism), exiting when idle. Empty when the group is
   * at max-parallelism, its container launches nothing, or the AMS is stopping.
   */
  public synchronized Optional<OptimizerApplication> launchScheduled(String groupName) {
    OptimizerGroup group = groups.get(groupName);
    Optional<OptimizerContainer> container = containers.find(group.container()).filter(OptimizerContainer::launches);
    GroupLaunchSettings settings = GroupLaunchSettings.of(group.properties());
    int room = settings.maxParallelism() - tracker.liveSlots(group.name(), applications.live());
    if (closed || container.isEmpty() || room <= 0) {
      LOG.info("Launch cron of optimizer group {} fired; nothing launched ({})", groupName,
          closed ? "the AMS is stopping" : container.isEmpty() ? "its container launches nothing"
              : "max-parallelism reached");
      return Optional.empty();
    }
    return Optional.of(launch(group, container.get(), settings, Math.min(room, settings.parallelism()),
        LaunchReason.SCHEDULED, settings.idleExitSeconds()));
  }

  /**
   * Kills a live application: it is KILLED at once, its process is stopped in the background
   * (SIGTERM, SIGKILL after ams.optimizer.application-stop-timeout).
   *
   * @throws NotFoundException for an unknown application
   * @throws ConflictException when it has already ended
   */
  public OptimizerApplication kill(long applicationId) {
    if (!tracker.kill(find(applicationId), "killed through the REST API")) {
      throw new ConflictException(ErrorCode.CONFLICT, "Optimizer application " + applicationId + " has already ended: "
          + find(applicationId).status());
    }
    return find(applicationId);
  }

  /** An optimizer registered: when it belongs to a launched application, that application is RUNNING. */
  public void registered(OptimizerRecord optimizer) {
    if (optimizer.resourceId() == null) {
      return;
    }
    try {
      tracker.registered(optimizer);
    } catch (RuntimeException e) {
      // The registration itself stands; the next review sees it again.
      LOG.warn("Cannot record the registration of optimizer application {}: {}", optimizer.resourceId(), e.toString());
    }
  }

  /** @throws NotFoundException for an unknown application */
  public OptimizerApplication find(long applicationId) {
    return applications.find(applicationId).orElseThrow(() -> new NotFoundException(ErrorCode.NO_SUCH_OBJECT,
        "Optimizer application does not exist: " + applicationId));
  }

  /** The newest applications, of one group or (group null) of all, newest first. */
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
    return new GroupLaunchStatus(tracker.liveSlots(group, live), live.stream().filter(a -> a.group().equals(group))
        .toList(), lastFailure, backoffUntil != null && backoffUntil > clock.millis() ? backoffUntil : null,
        check == null ? null : check.at(), check == null ? null : check.decision());
  }

  /** Forgets applications that ended before the threshold, with their log files. */
  public void purgeEndedBefore(long threshold) {
    for (OptimizerApplication app : applications.endedBefore(threshold)) {
      if (app.logPath() != null) {
        try {
          Files.deleteIfExists(Path.of(app.logPath()));
        } catch (IOException | RuntimeException e) {
          LOG.warn("Cannot remove the log of optimizer application {}: {}", app.applicationId(), e.toString());
        }
      }
      applications.delete(app.applicationId());
    }
  }

  /** Stops the applications of containers that stop with the AMS (recorded KILLED); leaves the others running. */
  @Override
  public synchronized void close() {
    closed = true;
    tracker.close();
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
    LaunchPolicy.Decision decision = LaunchPolicy.decide(settings, tracker.liveSlots(group.name(), live),
        liveApplications, registered, () -> pendingWork.test(group.name()), backoffUntil, now);
    checks.put(group.name(), new Check(now, decision.explanation()));
    if (decision.launches()) {
      launch(group, container, settings, decision.parallelism(), decision.reason(), decision.idleExitSeconds());
    }
  }

  /** Two thirds of the stop timeout: the rest is for cancelling what is still running and reporting it. */
  static Duration gracePeriod(Duration stopTimeout) {
    return Duration.ofMillis(Math.max(1000, stopTimeout.toMillis() * 2 / 3));
  }

  private OptimizerApplication launch(OptimizerGroup group, OptimizerContainer container, GroupLaunchSettings settings,
      int parallelism, LaunchReason reason, long idleExitSeconds) {
    long now = clock.millis();
    long id = now * 1000 + Math.floorMod(sequence.incrementAndGet(), 1000);
    Path log = logDir.resolve("optimizers").resolve(LaunchRequest.safeName(group.name()) + "-" + id + ".log");
    OptimizerApplication app = OptimizerApplication.starting(id, group.name(), container.name(), reason, parallelism,
        idleExitSeconds, host, log.toString(), now);
    // Recorded before anything starts, so a launch that fails half-way is still on record.
    applications.insert(app);
    LaunchRequest request = new LaunchRequest(id, app.resourceId(), group.name(), parallelism, idleExitSeconds,
        amsUri.get(), config.heartbeatInterval(), settings.driverMemory(), settings.sparkConf(), log,
        gracePeriod(config.applicationStopTimeout()));
    try {
      LaunchedApplication process = container.launch(request);
      tracker.launched(app, process);
      LOG.info("Launched optimizer application {} for group {} in the {} container ({}, {} slots): pid {}, log {}",
          id, group.name(), container.name(), reason, parallelism, process.pid(), log);
    } catch (LaunchException | RuntimeException e) {
      String why = e instanceof LaunchException ? e.getMessage() : "Cannot launch an optimizer: " + e;
      tracker.end(app, ApplicationStatus.FAILED, null, why);
      LOG.warn("Optimizer group {} needs an optimizer but none could be launched: {}", group.name(), why);
    }
    return find(id);
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
