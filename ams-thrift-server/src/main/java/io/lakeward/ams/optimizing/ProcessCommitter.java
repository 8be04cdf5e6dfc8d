package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeward.ams.catalog.IcebergCatalogs;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.ams.persistence.OptimizingTaskStore;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.scheduler.runtime.ProcessStatus;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.runtime.TaskStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the end of a process: commits a COMMITTING process as one Iceberg RewriteFiles, or abandons a
 * process (failed, cancelled) deleting the files its tasks wrote. The commit validates from the
 * planned snapshot and keeps the planned data sequence number, so deletes written after planning
 * still apply to the new files; its snapshot summary names the process, so a commit whose outcome
 * was unknown (or interrupted by a restart) is recognised instead of committed twice.
 */
public final class ProcessCommitter {
  public static final String PROCESS_ID_PROPERTY = "lakeward.optimizing.process-id";
  public static final String TYPE_PROPERTY = "lakeward.optimizing.type";
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCommitter.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fault injection for tests: holds every commit in COMMITTING this long, so a test can kill the AMS there. */
  private static final long FAULT_COMMIT_DELAY_MS = Long.getLong("lakeward.fault.commit-delay-ms", 0L);

  private final OptimizingProcessStore processes;
  private final OptimizingTaskStore tasks;
  private final TableRuntimeStore runtimes;
  private final IcebergCatalogs catalogs;
  private final Clock clock;

  public ProcessCommitter(OptimizingProcessStore processes, OptimizingTaskStore tasks, TableRuntimeStore runtimes,
      IcebergCatalogs catalogs, Clock clock) {
    this.processes = requireNonNull(processes, "processes is null");
    this.tasks = requireNonNull(tasks, "tasks is null");
    this.runtimes = requireNonNull(runtimes, "runtimes is null");
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Commits a COMMITTING process. Returns false when the outcome is not known yet (metadata store
   * unreachable, commit state unknown): the process stays COMMITTING and is tried again later.
   */
  public boolean commit(long processId) {
    OptimizingProcess process = processes.find(processId).orElse(null);
    if (process == null || process.status() != ProcessStatus.COMMITTING) {
      return true;
    }
    Table table = load(process.table());
    Optional<Snapshot> landed = committedSnapshot(table, process);
    List<DataFile> outputs = outputs(table, processId);
    if (landed.isEmpty() && !allTasksSucceeded(process)) {
      abandon(process, ProcessStatus.FAILED, "not every task has a successful output");
      return true;
    }
    if (landed.isPresent()) {
      finish(process, landed.get().snapshotId(), outputs);
      return true;
    }
    Snapshot planned = table.snapshot(process.plannedSnapshotId());
    if (planned == null) {
      abandon(process, ProcessStatus.FAILED, "the planned snapshot " + process.plannedSnapshotId() + " has expired", true);
      return true;
    }
    try {
      RewriteFiles rewrite = rewrite(table, process, planned, outputs);
      injectedDelay();
      rewrite.commit();
    } catch (ValidationException | CommitFailedException e) {
      // A concurrent write touched the rewritten files: nothing of ours is in the table; start over later.
      abandon(process, ProcessStatus.FAILED, "Commit conflict: " + e.getMessage(), true);
      return true;
    } catch (CommitStateUnknownException e) {
      LOG.warn("Commit of optimizing process {} of {} has an unknown outcome; it is checked again later: {}",
          processId, process.table(), e.getMessage());
      return false;
    } catch (RuntimeException e) {
      LOG.warn("Cannot commit optimizing process {} of {} now; it is retried: {}", processId, process.table(), e.toString());
      return false;
    }
    Snapshot committed = committedSnapshot(load(process.table()), process).orElse(table.currentSnapshot());
    finish(process, committed.snapshotId(), outputs);
    return true;
  }

  private static void injectedDelay() {
    if (FAULT_COMMIT_DELAY_MS > 0) {
      try {
        Thread.sleep(FAULT_COMMIT_DELAY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted before the commit", e);
      }
    }
  }

  private RewriteFiles rewrite(Table table, OptimizingProcess process, Snapshot planned, List<DataFile> outputs) {
    Set<String> removable = new HashSet<>(removableDeletePaths(process.processId()));
    Map<String, DataFile> rewritten = new LinkedHashMap<>();
    Map<String, DeleteFile> deletes = new LinkedHashMap<>();
    for (TaskPayload payload : tasks.inputs(process.processId())) {
      RewriteTaskInput input = RewriteTaskCodec.decodeInput(payload.encoding(), payload.data());
      for (FileScanTask file : input.files()) {
        rewritten.putIfAbsent(file.file().location(), file.file());
        file.deletes().stream().filter(d -> removable.contains(d.location()))
            .forEach(d -> deletes.putIfAbsent(d.location(), d));
      }
    }
    RewriteFiles rewrite = table.newRewrite()
        .validateFromSnapshot(planned.snapshotId())
        .dataSequenceNumber(planned.sequenceNumber());
    rewritten.values().forEach(rewrite::deleteFile);
    deletes.values().forEach(rewrite::deleteFile);
    outputs.forEach(rewrite::addFile);
    rewrite.set(PROCESS_ID_PROPERTY, String.valueOf(process.processId()));
    rewrite.set(TYPE_PROPERTY, process.type().name());
    return rewrite;
  }

  /**
   * Ends a process that will not be committed: its tasks are cancelled, the files they wrote are
   * deleted (none of them is referenced by the table), and the table goes back to IDLE.
   */
  public void abandon(OptimizingProcess process, ProcessStatus status, String reason) {
    abandon(process, status, reason, false);
  }

  /**
   * As {@link #abandon(OptimizingProcess, ProcessStatus, String)}; with {@code retryLater} the table
   * keeps asking for an optimizing of the process's type, because nothing was wrong with the work
   * itself (no optimizer to run it, a writer's commit won the race): a requested full optimizing is
   * not silently dropped.
   */
  public void abandon(OptimizingProcess process, ProcessStatus status, String reason, boolean retryLater) {
    long now = clock.millis();
    Table table = null;
    List<DataFile> outputs = List.of();
    try {
      table = load(process.table());
      outputs = outputs(table, process.processId());
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the files written by process {}: {}", process.processId(), e.toString());
    }
    if (process.status() == ProcessStatus.COMMITTING && table != null && anyLive(table, outputs)) {
      // The commit landed although it looked failed (an unknown outcome, or its snapshot expired since):
      // the files are the table's now, and the process is done.
      LOG.warn("Optimizing process {} of {} was committed after all; keeping its files", process.processId(),
          process.table());
      finish(process, table.currentSnapshot().snapshotId(), outputs);
      return;
    }
    if (!processes.move(process.processId(), process.status(), status, now, reason)) {
      return;
    }
    LOG.warn("Optimizing process {} of {} {}: {}", process.processId(), process.table(), status, reason);
    // Cancel first, then read the outputs again: a task that succeeded meanwhile is cancelled too, and
    // its files are among those deleted.
    tasks.cancelAll(process.processId(), now);
    if (table != null) {
      try {
        deleteQuietly(table, outputs(table, process.processId()));
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete the files written by process {}: {}", process.processId(), e.toString());
      }
    }
    processes.dropPayloads(process.processId());
    if (retryLater) {
      // Before the table leaves the process: whoever sees it IDLE sees the request too.
      runtimes.requestAgain(process.table(), process.type(), clock.millis());
    }
    runtimes.finishOptimizing(process.table(), process.processId(), null, null, clock.millis());
  }

  private boolean allTasksSucceeded(OptimizingProcess process) {
    List<OptimizingTaskRecord> all = tasks.tasks(process.processId());
    return all.size() == process.taskCount() && all.stream().allMatch(t -> t.status() == TaskStatus.SUCCESS)
        && tasks.outputs(process.processId()).size() == process.taskCount();
  }

  /** Whether any of the files is part of the table's current snapshot. */
  private static boolean anyLive(Table table, List<DataFile> files) {
    if (files.isEmpty() || table.currentSnapshot() == null) {
      return false;
    }
    Set<String> paths = new HashSet<>();
    files.forEach(f -> paths.add(f.location()));
    try (CloseableIterable<FileScanTask> live = table.newScan().ignoreResiduals().planFiles()) {
      for (FileScanTask task : live) {
        if (paths.contains(task.file().location())) {
          return true;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return false;
  }

  private void finish(OptimizingProcess process, long snapshotId, List<DataFile> outputs) {
    long bytes = outputs.stream().mapToLong(DataFile::fileSizeInBytes).sum();
    if (processes.committed(process.processId(), snapshotId, outputs.size(), bytes, clock.millis())) {
      LOG.info("Committed {} optimizing process {} of {} as snapshot {}: {} files in, {} files out",
          process.type(), process.processId(), process.table(), snapshotId, process.inputFiles(), outputs.size());
    }
    runtimes.finishOptimizing(process.table(), process.processId(), process.type(), snapshotId, clock.millis());
  }

  /** The snapshot this process committed, if any: its id is in the summary of the snapshot it wrote. */
  private static Optional<Snapshot> committedSnapshot(Table table, OptimizingProcess process) {
    String id = String.valueOf(process.processId());
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.timestampMillis() >= process.createdAt() && id.equals(snapshot.summary().get(PROCESS_ID_PROPERTY))) {
        return Optional.of(snapshot);
      }
    }
    return Optional.empty();
  }

  private List<DataFile> outputs(Table table, long processId) {
    List<DataFile> files = new ArrayList<>();
    for (TaskPayload payload : tasks.outputs(processId)) {
      files.addAll(RewriteTaskCodec.decodeOutput(payload.encoding(), payload.data(), table.specs()).dataFiles());
    }
    return files;
  }

  private List<String> removableDeletePaths(long processId) {
    byte[] json = processes.removableDeletes(processId);
    if (json == null) {
      return List.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("Corrupt removable delete list of process " + processId, e);
    }
  }

  static void deleteQuietly(Table table, List<DataFile> files) {
    for (DataFile file : files) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        LOG.warn("Cannot delete {}: {}", file.location(), e.toString());
      }
    }
  }

  private Table load(TableName name) {
    return catalogs.catalog(name.catalog()).loadTable(TableIdentifier.of(name.database(), name.table()));
  }
}
