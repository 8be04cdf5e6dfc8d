package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.maintenance.MaintenanceAction;
import io.lakeward.ams.maintenance.MaintenanceProperties;
import io.lakeward.ams.maintenance.MaintenanceRun;
import io.lakeward.ams.maintenance.MaintenanceService;
import io.lakeward.ams.maintenance.MaintenanceTrigger;
import io.lakeward.ams.persistence.ManagedTableStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * Table maintenance through REST: each action's effective settings and last run on a table, the
 * history of runs (per table or across tables), one run with what it did, and running an action on
 * a table now (orphan cleaning with {"dry-run": true} reports what it would delete).
 */
public final class MaintenanceRoutes implements RestRoutes {
  private static final String TABLE_PATH = RestServer.API_PREFIX
      + "/catalogs/{catalog}/databases/{database}/tables/{table}/maintenance";
  private static final String RUNS_PATH = RestServer.API_PREFIX + "/maintenance/processes";

  private final MaintenanceService service;
  private final ManagedTableStore managed;
  private final RestJson json;

  public MaintenanceRoutes(MaintenanceService service, ManagedTableStore managed, RestJson json) {
    this.service = requireNonNull(service, "service is null");
    this.managed = requireNonNull(managed, "managed is null");
    this.json = requireNonNull(json, "json is null");
  }

  /** Body of POST .../maintenance/{action}/run; may be empty. */
  public record RunRequest(@JsonProperty("dry-run") Boolean dryRun) {}

  @Override
  public void addTo(Javalin app) {
    app.get(TABLE_PATH, ctx -> {
      TableName name = managedTable(ctx);
      Table table;
      try {
        table = service.load(name);
      } catch (NoSuchTableException e) {
        // Dropped since the last catalog scan: gone for the caller too, not an internal error.
        throw new NotFoundException(ErrorCode.NO_SUCH_TABLE, "Table " + name + " does not exist");
      }
      MaintenanceProperties properties = service.properties(name, table);
      List<Map<String, Object>> actions = new ArrayList<>();
      for (MaintenanceAction action : MaintenanceAction.values()) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("action", action.wireName());
        view.put("available", service.actions().contains(action));
        try {
          view.put("enabled", properties.enabled(action));
          view.put("interval", properties.interval(action).map(d -> d.toMillis()).orElse(null));
        } catch (InvalidInputException e) {
          view.put("error", e.getMessage());
        }
        view.put("running", service.isRunning(name, action));
        view.put("last-run", service.history(name, action, 1).stream().findFirst().map(MaintenanceRoutes::view)
            .orElse(null));
        actions.add(view);
      }
      ok(ctx, 200, Map.of("table", name.toString(), "actions", actions));
    });
    app.get(TABLE_PATH + "/processes", ctx -> {
      TableName name = managedTable(ctx);
      MaintenanceAction action = ctx.queryParam("action") == null ? null : MaintenanceAction.of(ctx.queryParam("action"));
      int limit = QueryParams.limit(ctx.queryParam("limit"), 20);
      ok(ctx, 200, service.history(name, action, limit).stream().map(MaintenanceRoutes::view).toList());
    });
    app.post(TABLE_PATH + "/{action}/run", ctx -> {
      TableName name = managedTable(ctx);
      MaintenanceAction action = MaintenanceAction.of(ctx.pathParam("action"));
      byte[] body = ctx.bodyAsBytes();
      RunRequest request = body.length == 0 ? new RunRequest(false) : json.read(body, RunRequest.class);
      boolean dryRun = Boolean.TRUE.equals(request.dryRun());
      MaintenanceRun run = service.submit(name, action, MaintenanceTrigger.MANUAL, dryRun);
      ok(ctx, 202, view(run));
    });
    app.get(RUNS_PATH, ctx -> {
      MaintenanceAction action = ctx.queryParam("action") == null ? null : MaintenanceAction.of(ctx.queryParam("action"));
      int limit = QueryParams.limit(ctx.queryParam("limit"), 50);
      ok(ctx, 200, service.history(null, action, limit).stream().map(MaintenanceRoutes::view).toList());
    });
    app.get(RUNS_PATH + "/{process}", ctx -> {
      String id = ctx.pathParam("process");
      long runId;
      try {
        runId = Long.parseLong(id);
      } catch (NumberFormatException e) {
        throw InvalidInputException.of("Invalid maintenance process id: %s", id);
      }
      ok(ctx, 200, view(service.find(runId).orElseThrow(() -> new NotFoundException(ErrorCode.NO_SUCH_PROCESS,
          "Maintenance process does not exist: " + runId))));
    });
  }

  private TableName managedTable(Context ctx) {
    TableName name = new TableName(ctx.pathParam("catalog"), ctx.pathParam("database"), ctx.pathParam("table"));
    if (!managed.listAll().contains(name)) {
      throw new NotFoundException(ErrorCode.NO_SUCH_TABLE,
          "Table " + name + " is not managed (yet): it appears after the next catalog scan");
    }
    return name;
  }

  static Map<String, Object> view(MaintenanceRun run) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("process-id", run.runId());
    view.put("table", run.table().toString());
    view.put("action", run.action().wireName());
    view.put("trigger", run.trigger().name());
    view.put("dry-run", run.dryRun());
    view.put("status", run.status().name());
    view.put("started-at", run.startedAt());
    view.put("ended-at", run.endedAt());
    view.put("duration-ms", run.endedAt() == null ? null : run.endedAt() - run.startedAt());
    view.put("metrics", run.metrics());
    view.put("summary", run.summary());
    view.put("fail-reason", run.failReason());
    return view;
  }

  private void ok(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.write(body));
  }
}
