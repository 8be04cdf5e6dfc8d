package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.optimizing.TableRuntime;
import io.lakeward.ams.optimizing.OptimizingProcess;
import io.lakeward.ams.optimizing.OptimizingTaskRecord;
import io.lakeward.ams.optimizing.ProcessSupervisor;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.ams.persistence.OptimizingTaskStore;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.scheduler.OptimizingType;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimizing of managed tables: status, health score, pending work, last optimizing times, the
 * history of processes with their tasks; triggering an optimizing now and cancelling a process.
 */
public final class OptimizingRoutes implements RestRoutes {
  private static final String TABLE_PATH = RestServer.API_PREFIX + "/catalogs/{catalog}/databases/{database}/tables/{table}/optimizing";
  private static final String PROCESS_PATH = RestServer.API_PREFIX + "/optimizing/processes/{process}";

  private final TableRuntimeStore runtimes;
  private final OptimizingProcessStore processes;
  private final OptimizingTaskStore tasks;
  private final ProcessSupervisor supervisor;
  private final RestJson json;

  public OptimizingRoutes(TableRuntimeStore runtimes, OptimizingProcessStore processes, OptimizingTaskStore tasks,
      ProcessSupervisor supervisor, RestJson json) {
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.processes = requireNonNull(processes, "processes is null");
    this.tasks = requireNonNull(tasks, "tasks is null");
    this.supervisor = requireNonNull(supervisor, "supervisor is null");
    this.json = requireNonNull(json, "json is null");
  }

  /** Body of POST .../optimizing/trigger. */
  public record TriggerRequest(@JsonProperty("type") String type) {}

  @Override
  public void addTo(Javalin app) {
    app.get(RestServer.API_PREFIX + "/optimizing/tables", ctx ->
        ok(ctx, runtimes.list().stream().map(OptimizingRoutes::view).toList()));
    app.get(TABLE_PATH, ctx -> ok(ctx, view(runtime(ctx))));
    app.get(TABLE_PATH + "/processes", ctx -> {
      int limit = QueryParams.limit(ctx.queryParam("limit"), 20);
      ok(ctx, processes.history(runtime(ctx).table(), limit).stream().map(this::processView).toList());
    });
    app.post(TABLE_PATH + "/trigger", ctx -> {
      TableRuntime runtime = runtime(ctx);
      TriggerRequest request = json.read(ctx.bodyAsBytes(), TriggerRequest.class);
      OptimizingType type = type(request.type());
      runtimes.request(runtime.table(), type, System.currentTimeMillis());
      ctx.status(202).contentType("application/json").result(json.write(view(runtime(ctx))));
    });
    app.get(PROCESS_PATH, ctx -> ok(ctx, processView(process(ctx))));
    app.post(PROCESS_PATH + "/cancel", ctx -> {
      OptimizingProcess process = process(ctx);
      supervisor.cancel(process.processId(), "cancelled through the REST API");
      ok(ctx, processView(process(ctx)));
    });
  }

  private TableRuntime runtime(Context ctx) {
    TableName name = new TableName(ctx.pathParam("catalog"), ctx.pathParam("database"), ctx.pathParam("table"));
    return runtimes.find(name).orElseThrow(() -> new NotFoundException(ErrorCode.NO_SUCH_TABLE,
        "Table " + name + " is not managed (yet): it appears after the next catalog scan"));
  }

  private OptimizingProcess process(Context ctx) {
    String id = ctx.pathParam("process");
    long processId;
    try {
      processId = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw InvalidInputException.of("Invalid process id: %s", id);
    }
    return processes.find(processId).orElseThrow(() -> new NotFoundException(ErrorCode.NO_SUCH_PROCESS,
        "Optimizing process does not exist: " + processId));
  }

  private static OptimizingType type(String type) {
    if (type == null) {
      throw InvalidInputException.of("Invalid request: field 'type' is required (MINOR, MAJOR or FULL)");
    }
    try {
      return OptimizingType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of("Invalid optimizing type: %s (MINOR, MAJOR or FULL)", type);
    }
  }


  private Map<String, Object> processView(OptimizingProcess p) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("process-id", p.processId());
    view.put("table", p.table().toString());
    view.put("type", p.type().name());
    view.put("status", p.status().name());
    view.put("optimizer-group", p.group());
    view.put("planned-snapshot-id", p.plannedSnapshotId());
    view.put("committed-snapshot-id", p.committedSnapshotId());
    view.put("input-files", p.inputFiles());
    view.put("input-delete-files", p.inputDeleteFiles());
    view.put("input-bytes", p.inputBytes());
    view.put("output-files", p.outputFiles());
    view.put("output-bytes", p.outputBytes());
    view.put("created-at", p.createdAt());
    view.put("ended-at", p.endedAt());
    view.put("duration-ms", p.endedAt() == null ? null : p.endedAt() - p.createdAt());
    view.put("fail-reason", p.failReason());
    view.put("tasks", tasks.tasks(p.processId()).stream().map(OptimizingRoutes::taskView).toList());
    return view;
  }

  private static Map<String, Object> taskView(OptimizingTaskRecord t) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("index", t.taskIndex());
    view.put("status", t.status().name());
    view.put("attempt", t.attemptId());
    view.put("retries", t.retryCount());
    view.put("partition", t.partition());
    view.put("input-files", t.inputFiles());
    view.put("input-delete-files", t.inputDeleteFiles());
    view.put("input-bytes", t.inputBytes());
    view.put("output-files", t.outputFiles());
    view.put("output-bytes", t.outputBytes());
    view.put("output-rows", t.outputRows());
    view.put("thread-id", t.threadId());
    view.put("scheduled-at", t.scheduledAt());
    view.put("ended-at", t.endedAt());
    view.put("duration-ms", t.durationMs());
    view.put("fail-reason", t.failReason());
    return view;
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
    view.put("requested-type", r.requestedType().map(Enum::name).orElse(null));
    view.put("process-id", r.processId());
    view.put("last-planned-at", r.lastPlannedAt());
    return view;
  }

  private void ok(Context ctx, Object body) {
    ctx.status(200).contentType("application/json").result(json.write(body));
  }
}
