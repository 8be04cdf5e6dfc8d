package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.IcebergCatalogs;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.persistence.ManagedTableStore;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.evaluation.OptimizingHistory;
import io.lakeward.scheduler.evaluation.TableEvaluation;
import io.lakeward.scheduler.evaluation.TableEvaluator;
import io.lakeward.scheduler.runtime.OptimizingStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every managed table's runtime current: when a table's snapshot changed since it was last
 * evaluated, evaluates it from its manifests and moves it between IDLE and PENDING. Tables in the
 * middle of optimizing keep their status; only their statistics are refreshed.
 */
public final class TableEvaluationService {
  private static final Logger LOG = LoggerFactory.getLogger(TableEvaluationService.class);

  private final ManagedTableStore managed;
  private final TableRuntimeStore runtimes;
  private final IcebergCatalogs catalogs;
  private final FullOptimizingCron fullCron;
  private final TableEvaluator evaluator = new TableEvaluator();
  private final Clock clock;

  public TableEvaluationService(ManagedTableStore managed, TableRuntimeStore runtimes, IcebergCatalogs catalogs,
      FullOptimizingCron fullCron, Clock clock) {
    this.managed = requireNonNull(managed, "managed is null");
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.fullCron = requireNonNull(fullCron, "fullCron is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Evaluates every managed table whose snapshot moved; a failing table never stops the others. */
  public void evaluateAll() {
    runtimes.deleteUnmanaged();
    List<TableName> tables = managed.listAll();
    fullCron.retainOnly(new java.util.HashSet<>(tables));
    for (TableName table : tables) {
      try {
        evaluate(table);
      } catch (RuntimeException e) {
        LOG.warn("Cannot evaluate {}: {}", table, e.toString());
      }
    }
  }

  public TableRuntime evaluate(TableName name) {
    long now = clock.millis();
    Optional<TableRuntime> existing = runtimes.find(name);
    TableRuntime runtime = existing.orElseGet(() -> TableRuntime.discovered(name, "default", now));
    Table table = catalogs.catalog(name.catalog()).loadTable(TableIdentifier.of(name.database(), name.table()));
    OptimizingConfig config;
    try {
      config = OptimizingConfig.of(table.properties());
      fullCron.sync(name, config.enabled() ? config.fullTriggerCron() : Optional.empty());
    } catch (InvalidInputException e) {
      TableRuntime failed = withError(runtime, e.getMessage(), now);
      runtimes.save(failed, runtime.status());
      return failed;
    }
    Snapshot current = table.currentSnapshot();
    Long snapshotId = current == null ? null : current.snapshotId();
    String metadata = metadataLocation(table);
    // Unchanged metadata (no commit, no property change) needs no new evaluation, unless a full
    // optimizing may come due with time alone.
    boolean unchanged = metadata != null && metadata.equals(runtime.evaluatedMetadata()) && runtime.lastError() == null;
    if (existing.isPresent() && unchanged && config.fullTriggerIntervalMillis() <= 0) {
      return runtime;
    }
    TableEvaluation evaluation = config.enabled()
        ? evaluator.evaluate(table, config, history(runtime), now)
        : new TableEvaluation(snapshotId == null ? -1 : snapshotId, java.util.List.of(), Optional.empty(), 100,
            "self-optimizing disabled");
    TableRuntime updated = apply(runtime, config, evaluation, snapshotId, metadata, now);
    runtimes.save(updated, runtime.status());
    return updated;
  }

  private static OptimizingHistory history(TableRuntime runtime) {
    return new OptimizingHistory(runtime.lastMinorAt(), runtime.lastMajorAt(), runtime.lastFullAt(), false);
  }

  private static String metadataLocation(Table table) {
    return table instanceof org.apache.iceberg.HasTableOperations ops ? ops.operations().current().metadataFileLocation() : null;
  }

  private static TableRuntime apply(TableRuntime runtime, OptimizingConfig config, TableEvaluation evaluation,
      Long snapshotId, String metadata, long now) {
    OptimizingStatus status = runtime.status();
    boolean due = evaluation.pending().isPresent() || runtime.requestedType().isPresent();
    if (status == OptimizingStatus.IDLE && due) {
      status = status.moveTo(OptimizingStatus.PENDING);
    } else if (status == OptimizingStatus.PENDING && !due) {
      status = status.moveTo(OptimizingStatus.IDLE);
    }
    return new TableRuntime(runtime.table(), status, status == runtime.status() ? runtime.statusSince() : now,
        config.group(), snapshotId, metadata, runtime.optimizedSnapshotId(), runtime.lastMinorAt(), runtime.lastMajorAt(),
        runtime.lastFullAt(), evaluation.pending(), evaluation.reason(), evaluation.healthScore(), evaluation.dataFiles(),
        evaluation.fragmentFiles(), evaluation.equalityDeleteFiles(), evaluation.positionDeleteFiles(), null, now,
        runtime.requestedType(), runtime.lastPlannedAt(), runtime.processId());
  }

  private static TableRuntime withError(TableRuntime r, String error, long now) {
    return new TableRuntime(r.table(), r.status(), r.statusSince(), r.group(), r.evaluatedSnapshotId(),
        r.evaluatedMetadata(), r.optimizedSnapshotId(), r.lastMinorAt(), r.lastMajorAt(), r.lastFullAt(), r.pendingType(), r.pendingReason(),
        r.healthScore(), r.dataFiles(), r.fragmentFiles(), r.equalityDeleteFiles(), r.positionDeleteFiles(), error, now,
        r.requestedType(), r.lastPlannedAt(), r.processId());
  }
}
