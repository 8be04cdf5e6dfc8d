package io.lakeward.ams.optimizer;

import io.lakeward.ams.optimizer.container.LaunchedApplication;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes of launched applications this AMS holds, by application id, until each has ended and
 * its end is recorded. A killed application keeps its slots here until its process is gone, so a
 * new launch never overlaps one still stopping.
 */
final class LaunchedProcesses {
  /** One process, with what slot counting needs without reading the database. */
  record Tracked(long applicationId, String group, String container, int parallelism, LaunchedApplication process) {}

  private final Map<Long, Tracked> tracked = new ConcurrentHashMap<>();

  void add(OptimizerApplication application, LaunchedApplication process) {
    tracked.put(application.applicationId(), new Tracked(application.applicationId(), application.group(),
        application.container(), application.parallelism(), process));
  }

  Optional<LaunchedApplication> process(long applicationId) {
    return Optional.ofNullable(tracked.get(applicationId)).map(Tracked::process);
  }

  /** The tracked processes that have ended, no longer tracked once returned. */
  List<Tracked> takeEnded() {
    List<Tracked> ended = tracked.values().stream().filter(t -> !t.process().isAlive()).toList();
    ended.forEach(t -> tracked.remove(t.applicationId()));
    return ended;
  }

  /** Processes still alive whose application has already ended (killed, failed on a timeout). */
  List<Tracked> stillStopping(String group, java.util.Set<Long> liveApplications) {
    return tracked.values().stream()
        .filter(t -> t.group().equals(group) && !liveApplications.contains(t.applicationId()) && t.process().isAlive())
        .toList();
  }

  List<Tracked> all() {
    return List.copyOf(tracked.values());
  }
}
