package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeward.ams.catalog.IcebergCatalogs;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.persistence.BlockerStore;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.evaluation.OptimizingHistory;
import io.lakeward.scheduler.evaluation.TableEvaluation;
import io.lakeward.scheduler.evaluation.TableEvaluator;
import io.lakeward.scheduler.planning.OptimizingPlan;
import io.lakeward.scheduler.planning.OptimizingPlanner;
import io.lakeward.scheduler.planning.PlannedTask;
import io.lakeward.scheduler.runtime.OptimizingStatus;
import io.lakeward.scheduler.runtime.ProcessStatus;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns PENDING tables into optimizing processes: re-evaluates each at its current snapshot, plans
 * the due type, stores the process with its encoded tasks, and moves the table
 * PENDING -> PLANNING -> *_OPTIMIZING. Only groups with a live optimizer are planned, so a table
 * without anyone to run its tasks stays PENDING rather than holding a process nobody can finish.
 */
public final class ProcessPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessPlanner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String BLOCKED_OPERATION = "OPTIMIZING";

  private final TableRuntimeStore runtimes;
  private final OptimizingProcessStore processes;
  private final BlockerStore blockers;
  private final IcebergCatalogs catalogs;
  private final OptimizerRegistry optimizers;
  private final Clock clock;
  private final TableEvaluator evaluator = new TableEvaluator();
  private final OptimizingPlanner planner = new OptimizingPlanner();
  private final AtomicInteger sequence = new AtomicInteger();

  public ProcessPlanner(TableRuntimeStore runtimes, OptimizingProcessStore processes, BlockerStore blockers,
      IcebergCatalogs catalogs, OptimizerRegistry optimizers, Clock clock) {
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.processes = requireNonNull(processes, "processes is null");
    this.blockers = requireNonNull(blockers, "blockers is null");
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.optimizers = requireNonNull(optimizers, "optimizers is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Plans every pending table of a group, if the group has an optimizer; a failing table never stops the others. */
  public void planGroup(String group) {
    if (optimizers.list().stream().noneMatch(o -> o.group().equals(group))) {
      return;
    }
    for (TableRuntime runtime : runtimes.list()) {
      if (runtime.status() != OptimizingStatus.PENDING || !runtime.group().equals(group)) {
        continue;
      }
      try {
        plan(runtime);
      } catch (RuntimeException e) {
        LOG.warn("Cannot plan optimizing of {}: {}", runtime.table(), e.toString(), e);
      }
    }
  }

  /** Plans one pending table; returns the new process, or empty when nothing was started. */
  public Optional<OptimizingProcess> plan(TableRuntime pending) {
    TableName name = pending.table();
    long now = clock.millis();
    if (!runtimes.move(name, OptimizingStatus.PENDING, OptimizingStatus.PLANNING, now)) {
      return Optional.empty();
    }
    // Read again after winning the move: a request that came in meanwhile must be seen, not erased.
    TableRuntime runtime = runtimes.find(name).orElse(pending);
    try {
      Table table = catalogs.catalog(name.catalog()).loadTable(TableIdentifier.of(name.database(), name.table()));
      OptimizingConfig config = OptimizingConfig.of(table.properties());
      boolean requested = runtime.requestedType().isPresent();
      if (!requested && now - runtime.lastPlannedAt() < config.minPlanIntervalMillis()
          || blockers.listLive(name, now).stream().anyMatch(b -> b.operations().contains(BLOCKED_OPERATION))) {
        // Too soon after the last plan, or held off by a blocker: stay pending and try again later.
        runtimes.move(name, OptimizingStatus.PLANNING, OptimizingStatus.PENDING, clock.millis());
        return Optional.empty();
      }
      if (table.currentSnapshot() == null || !config.enabled() && !requested) {
        runtimes.plannedNothing(name, runtime.requestedType(), clock.millis());
        return Optional.empty();
      }
      return planProcess(name, table, config, runtime, now);
    } catch (RuntimeException e) {
      runtimes.planningFailed(name, "Planning failed: " + e, clock.millis());
      throw e;
    }
  }

  private Optional<OptimizingProcess> planProcess(TableName name, Table table, OptimizingConfig config,
      TableRuntime runtime, long now) {
    OptimizingHistory history = new OptimizingHistory(runtime.lastMinorAt(), runtime.lastMajorAt(), runtime.lastFullAt(),
        false);
    TableEvaluation evaluation = evaluator.evaluate(table, config, history, now);
    Optional<OptimizingType> type = runtime.requestedType().or(evaluation::pending);
    Optional<OptimizingPlan> plan = type.flatMap(t -> planner.plan(table, evaluation, config, t));
    if (plan.isEmpty()) {
      LOG.info("Nothing to rewrite in {}{}", name, type.map(t -> " for " + t + " optimizing").orElse(""));
      runtimes.plannedNothing(name, type, clock.millis());
      return Optional.empty();
    }
    long processId = now * 1000 + Math.floorMod(sequence.incrementAndGet(), 1000);
    List<NewTask> tasks = encode(processId, name, table, config, plan.get());
    int deletes = plan.get().tasks().stream().mapToInt(t -> t.deleteFiles().size()).sum();
    OptimizingProcess process = new OptimizingProcess(processId, name, runtime.group(), type.get(), ProcessStatus.RUNNING,
        plan.get().snapshotId(), config.quota(), config.executeNumRetries(), tasks.size(), plan.get().dataFiles(), deletes,
        plan.get().inputBytes(), null, null, null, clock.millis(), null, null);
    if (!processes.insertAndStart(process, removableDeletes(plan.get()), tasks, OptimizingStatus.optimizing(type.get()))) {
      return Optional.empty();
    }
    LOG.info("Planned {} optimizing process {} of {}: {} tasks, {} data files, {} bytes", type.get(), processId, name,
        tasks.size(), process.inputFiles(), process.inputBytes());
    return Optional.of(process);
  }

  private static List<NewTask> encode(long processId, TableName name, Table table, OptimizingConfig config,
      OptimizingPlan plan) {
    boolean sort = plan.type() == OptimizingType.FULL || !table.sortOrder().isUnsorted();
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < plan.tasks().size(); i++) {
      PlannedTask task = plan.tasks().get(i);
      RewriteTaskInput input = new RewriteTaskInput(name.toString(), table.location(), table.properties(),
          table.schema(), table.spec(), table.sortOrder(), sort, config.targetSize(), "lw-" + processId + "-" + i,
          task.files());
      tasks.add(new NewTask(i, task.partition(), task.files().size(), task.deleteFiles().size(), task.inputBytes(),
          RewriteTaskCodec.INPUT_ENCODING, RewriteTaskCodec.encodeInput(input)));
    }
    return tasks;
  }

  private static byte[] removableDeletes(OptimizingPlan plan) {
    try {
      return JSON.writeValueAsBytes(plan.removableDeletes().stream().map(DeleteFile::location).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
