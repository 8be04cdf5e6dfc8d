package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.optimizing.TableRuntime;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Optimizing state of managed tables: status, health score, pending work, last optimizing times. */
public final class OptimizingRoutes implements RestRoutes {
  private final TableRuntimeStore runtimes;
  private final RestJson json;

  public OptimizingRoutes(TableRuntimeStore runtimes, RestJson json) {
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.json = requireNonNull(json, "json is null");
  }

  @Override
  public void addTo(Javalin app) {
    app.get(RestServer.API_PREFIX + "/optimizing/tables", ctx ->
        ok(ctx, runtimes.list().stream().map(OptimizingRoutes::view).toList()));
    app.get(RestServer.API_PREFIX + "/catalogs/{catalog}/databases/{database}/tables/{table}/optimizing", ctx -> {
      TableName name = new TableName(ctx.pathParam("catalog"), ctx.pathParam("database"), ctx.pathParam("table"));
      TableRuntime runtime = runtimes.find(name).orElseThrow(() -> new NotFoundException(ErrorCode.NO_SUCH_TABLE,
          "Table " + name + " is not managed (yet): it appears after the next catalog scan"));
      ok(ctx, view(runtime));
    });
  }

  private static Map<String, Object> view(TableRuntime r) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("catalog", r.table().catalog());
    view.put("database", r.table().database());
    view.put("table", r.table().table());
    view.put("status", r.status().name());
    view.put("status-since", r.statusSince());
    view.put("optimizer-group", r.group());
    view.put("health-score", r.healthScore());
    view.put("pending-type", r.pendingType().map(Enum::name).orElse(null));
    view.put("pending-reason", r.pendingReason());
    view.put("data-files", r.dataFiles());
    view.put("fragment-files", r.fragmentFiles());
    view.put("equality-delete-files", r.equalityDeleteFiles());
    view.put("position-delete-files", r.positionDeleteFiles());
    view.put("evaluated-snapshot-id", r.evaluatedSnapshotId());
    view.put("last-minor-at", r.lastMinorAt());
    view.put("last-major-at", r.lastMajorAt());
    view.put("last-full-at", r.lastFullAt());
    view.put("last-error", r.lastError());
    return view;
  }

  private void ok(Context ctx, Object body) {
    ctx.status(200).contentType("application/json").result(json.write(body));
  }
}
