package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.ams.optimizer.OptimizerApplication;
import io.lakeward.ams.optimizer.OptimizerLauncher;
import io.lakeward.common.exceptions.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /api/ams/v1/optimizer-applications: the optimizer applications the AMS launched (newest first,
 * optionally of one group), one of them, and killing one.
 */
public final class OptimizerApplicationRoutes implements RestRoutes {
  private static final String PATH = RestServer.API_PREFIX + "/optimizer-applications";

  private final OptimizerLauncher launcher;
  private final RestJson json;

  public OptimizerApplicationRoutes(OptimizerLauncher launcher, RestJson json) {
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.json = requireNonNull(json, "json is null");
  }

  @Override
  public void addTo(Javalin app) {
    app.get(PATH, ctx -> ok(ctx, launcher.list(ctx.queryParam("group"), QueryParams.limit(ctx.queryParam("limit"), 100)).stream()
        .map(OptimizerApplicationRoutes::view).toList()));
    app.get(PATH + "/{application}", ctx -> ok(ctx, view(launcher.find(id(ctx)))));
    app.post(PATH + "/{application}/kill", ctx -> ok(ctx, view(launcher.kill(id(ctx)))));
  }

  /** The JSON view of one application (also inside optimizer group views). */
  static Map<String, Object> view(OptimizerApplication a) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", a.applicationId());
    view.put("group", a.group());
    view.put("container", a.container());
    view.put("status", a.status().name());
    view.put("reason", a.reason().name());
    view.put("parallelism", a.parallelism());
    view.put("idle-exit-seconds", a.idleExitSeconds());
    view.put("resource-id", a.resourceId());
    view.put("spark-app-id", a.sparkAppId());
    view.put("submission-id", a.submissionId());
    view.put("host", a.host());
    view.put("pid", a.pid());
    view.put("started-at", a.startedAt());
    view.put("registered-at", a.registeredAt());
    view.put("last-seen-at", a.lastSeenAt());
    view.put("ended-at", a.endedAt());
    view.put("exit-code", a.exitCode());
    view.put("message", a.message());
    view.put("log", a.logPath());
    return view;
  }

  private static long id(Context ctx) {
    String id = ctx.pathParam("application");
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw InvalidInputException.of("Invalid optimizer application id: %s", id);
    }
  }


  private void ok(Context ctx, Object body) {
    ctx.status(200).contentType("application/json").result(json.write(body));
  }
}
