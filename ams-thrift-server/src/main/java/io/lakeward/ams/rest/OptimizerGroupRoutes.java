package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.ams.optimizer.GroupLaunchSettings;
import io.lakeward.ams.optimizer.GroupLaunchStatus;
import io.lakeward.ams.optimizer.OptimizerLauncher;
import io.lakeward.ams.optimizing.OptimizerGroup;
import io.lakeward.ams.optimizing.OptimizerGroups;
import io.lakeward.ams.optimizing.OptimizerRecord;
import io.lakeward.ams.optimizing.OptimizerRegistry;
import io.lakeward.ams.optimizing.OptimizingProcess;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.ams.persistence.OptimizingTaskStore;
import io.lakeward.common.config.Durations;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.scheduler.runtime.TaskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /api/ams/v1/optimizer-groups (create, list, read, update, remove; each with its optimizers,
 * threads, queued and running tasks, and the applications the AMS launched for it; launch one now)
 * and /api/ams/v1/optimizers (who is registered).
 */
public final class OptimizerGroupRoutes implements RestRoutes {
  private static final String PATH = RestServer.API_PREFIX + "/optimizer-groups";

  private final OptimizerGroups groups;
  private final OptimizerRegistry optimizers;
  private final OptimizingProcessStore processes;
  private final OptimizingTaskStore tasks;
  private final OptimizerLauncher launcher;
  private final RestJson json;

  public OptimizerGroupRoutes(OptimizerGroups groups, OptimizerRegistry optimizers, OptimizingProcessStore processes,
      OptimizingTaskStore tasks, OptimizerLauncher launcher, RestJson json) {
    this.groups = requireNonNull(groups, "groups is null");
    this.optimizers = requireNonNull(optimizers, "optimizers is null");
    this.processes = requireNonNull(processes, "processes is null");
    this.tasks = requireNonNull(tasks, "tasks is null");
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.json = requireNonNull(json, "json is null");
  }

  /** Body of POST and PUT. */
  public record GroupRequest(
      @JsonProperty("name") String name,
      @JsonProperty("container") String container,
      @JsonProperty("properties") Map<String, String> properties) {}

  /** Body of POST .../launch (optional). */
  public record LaunchRequest(@JsonProperty("parallelism") Integer parallelism) {}

  @Override
  public void addTo(Javalin app) {
    app.get(PATH, ctx -> ok(ctx, 200, groups.list().stream().map(this::view).toList()));
    app.post(PATH, ctx -> {
      GroupRequest request = json.read(ctx.bodyAsBytes(), GroupRequest.class);
      ok(ctx, 201, view(groups.create(request.name(), request.container(), request.properties())));
    });
    app.get(PATH + "/{group}", ctx -> ok(ctx, 200, view(groups.get(ctx.pathParam("group")))));
    app.put(PATH + "/{group}", this::update);
    app.post(PATH + "/{group}/launch", ctx -> {
      byte[] body = ctx.bodyAsBytes();
      Integer parallelism = body.length == 0 ? null : json.read(body, LaunchRequest.class).parallelism();
      ok(ctx, 201, OptimizerApplicationRoutes.view(launcher.launchNow(ctx.pathParam("group"), parallelism)));
    });
    app.delete(PATH + "/{group}", ctx -> {
      groups.delete(ctx.pathParam("group"));
      ctx.status(204);
    });
    app.get(RestServer.API_PREFIX + "/optimizers", ctx -> ok(ctx, 200, optimizers.list().stream().map(o -> optimizer(o)).toList()));
  }

  private void update(Context ctx) {
    String name = ctx.pathParam("group");
    GroupRequest request = json.read(ctx.bodyAsBytes(), GroupRequest.class);
    if (request.name() != null && !request.name().equals(name)) {
      throw InvalidInputException.of("Invalid request: name '%s' differs from the group in the path '%s'", request.name(), name);
    }
    ok(ctx, 200, view(groups.update(name, request.container(), request.properties())));
  }

  private Map<String, Object> view(OptimizerGroup group) {
    List<OptimizerRecord> members = optimizers.list().stream().filter(o -> o.group().equals(group.name())).toList();
    int queued = 0;
    int running = 0;
    for (OptimizingProcess process : processes.active()) {
      if (process.group().equals(group.name())) {
        for (var task : tasks.tasks(process.processId())) {
          queued += task.status() == TaskStatus.PLANNED ? 1 : 0;
          running += task.status().isRunning() ? 1 : 0;
        }
      }
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", group.name());
    view.put("container", group.container());
    view.put("properties", group.properties());
    view.put("optimizers", members.stream().map(OptimizerGroupRoutes::optimizer).toList());
    view.put("threads", members.stream().mapToInt(OptimizerRecord::threadCount).sum());
    view.put("queued-tasks", queued);
    view.put("running-tasks", running);
    view.put("launch", launch(group));
    view.put("created-at", group.createdAt());
    view.put("updated-at", group.updatedAt());
    return view;
  }

  /** What the AMS launches for the group: its settings, live applications, last failure and last decision. */
  private Map<String, Object> launch(OptimizerGroup group) {
    GroupLaunchStatus status = launcher.status(group.name());
    Map<String, Object> view = new LinkedHashMap<>();
    try {
      GroupLaunchSettings settings = GroupLaunchSettings.of(group.properties());
      view.put("min-parallelism", settings.minParallelism());
      view.put("max-parallelism", settings.maxParallelism());
      view.put("parallelism", settings.parallelism());
      view.put("idle-exit", Durations.format(settings.idleExit()));
    } catch (InvalidInputException e) {
      view.put("settings-error", e.getMessage());
    }
    view.put("live-slots", status.liveSlots());
    view.put("applications", status.live().stream().map(OptimizerApplicationRoutes::view).toList());
    view.put("last-failure", status.lastFailure() == null ? null : OptimizerApplicationRoutes.view(status.lastFailure()));
    view.put("backoff-until", status.backoffUntil());
    view.put("checked-at", status.checkedAt());
    view.put("decision", status.decision());
    return view;
  }

  private static Map<String, Object> optimizer(OptimizerRecord o) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("token-prefix", o.token().substring(0, Math.min(8, o.token().length())));
    view.put("group", o.group());
    view.put("threads", o.threadCount());
    view.put("memory-mb", o.memoryMb());
    view.put("host", o.host());
    view.put("resource-id", o.resourceId());
    view.put("registered-at", o.registeredAtMillis());
    view.put("last-heartbeat-at", o.lastHeartbeatAtMillis());
    return view;
  }

  private void ok(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.write(body));
  }
}
