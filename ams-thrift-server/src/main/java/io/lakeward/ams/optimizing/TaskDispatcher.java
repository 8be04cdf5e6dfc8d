package io.lakeward.ams.optimizing;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.IcebergCatalogs;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.ams.persistence.OptimizingTaskStore;
import io.lakeward.ams.persistence.OptimizingTaskStore.Candidate;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.runtime.TaskStatus;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.InputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands planned tasks to optimizer threads and takes their results: poll (PLANNED -> SCHEDULED, one
 * more attempt), ack (-> ACKED), complete (-> SUCCESS, or a retry / FAILED). Tables share a group's
 * threads by quota: a poll serves the process using the smallest share of its quota first.
 * A result is accepted only from the attempt and optimizer that hold the task, and only after its
 * output decodes and names files that exist with the sizes it claims.
 */
public final class TaskDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDispatcher.class);

  /** A task handed to an optimizer thread. */
  public record Assignment(long processId, int taskIndex, int attemptId, String encoding, byte[] input) {}

  private final OptimizingProcessStore processes;
  private final OptimizingTaskStore tasks;
  private final OptimizerRegistry optimizers;
  private final IcebergCatalogs catalogs;
  private final ProcessSupervisor supervisor;
  private final Clock clock;

  public TaskDispatcher(OptimizingProcessStore processes, OptimizingTaskStore tasks, OptimizerRegistry optimizers,
      IcebergCatalogs catalogs, ProcessSupervisor supervisor, Clock clock) {
    this.processes = requireNonNull(processes, "processes is null");
    this.tasks = requireNonNull(tasks, "tasks is null");
    this.optimizers = requireNonNull(optimizers, "optimizers is null");
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    this.supervisor = requireNonNull(supervisor, "supervisor is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public Optional<Assignment> poll(OptimizerRecord optimizer, int threadId) {
    List<Candidate> candidates = tasks.planned(optimizer.group());
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    int groupThreads = optimizers.list().stream().filter(o -> o.group().equals(optimizer.group()))
        .mapToInt(OptimizerRecord::threadCount).sum();
    Map<Long, Integer> running = tasks.runningByProcess();
    Comparator<Candidate> byQuotaUse = Comparator.comparingDouble(
        (Candidate c) -> running.getOrDefault(c.processId(), 0) / (double) quotaThreads(c.quota(), groupThreads))
        .thenComparingLong(Candidate::processCreatedAt).thenComparingInt(Candidate::taskIndex);
    for (Candidate candidate : candidates.stream().sorted(byQuotaUse).toList()) {
      int held = running.getOrDefault(candidate.processId(), 0);
      if (held >= quotaThreads(candidate.quota(), groupThreads)) {
        continue;
      }
      Optional<TaskPayload> payload = tasks.schedule(candidate.processId(), candidate.taskIndex(), candidate.attemptId(),
          optimizer.token(), threadId, clock.millis());
      if (payload.isPresent()) {
        TaskPayload p = payload.get();
        return Optional.of(new Assignment(p.processId(), p.taskIndex(), p.attemptId(), p.encoding(), p.data()));
      }
    }
    return Optional.empty();
  }

  public void ack(OptimizerRecord optimizer, long processId, int taskIndex, int attemptId) {
    if (tasks.ack(processId, taskIndex, attemptId, optimizer.token(), clock.millis())) {
      return;
    }
    OptimizingTaskRecord task = current(processId, taskIndex, attemptId, optimizer);
    if (task.status() != TaskStatus.ACKED) {
      throw stale(processId, taskIndex, attemptId);
    }
  }

  /** Records a successful attempt; when it was the last task, the process moves on to its commit. */
  public void succeed(OptimizerRecord optimizer, long processId, int taskIndex, int attemptId, String encoding,
      byte[] output) {
    OptimizingTaskRecord task = current(processId, taskIndex, attemptId, optimizer);
    OptimizingProcess process = processes.find(processId).orElseThrow(() -> noSuchTask(processId, taskIndex));
    RewriteTaskOutput decoded;
    try {
      decoded = verified(process, encoding, output);
    } catch (InvalidInputException e) {
      fail(optimizer, processId, taskIndex, attemptId, e.getMessage());
      throw e;
    }
    long bytes = decoded.dataFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
    if (!tasks.succeed(processId, taskIndex, task.attemptId(), encoding, output, decoded.dataFiles().size(), bytes,
        decoded.outputRows(), clock.millis())) {
      throw stale(processId, taskIndex, attemptId);
    }
    supervisor.taskSucceeded(process);
  }

  /** Records a failed attempt: retried while the process has retries left, else the process fails. */
  public void fail(OptimizerRecord optimizer, long processId, int taskIndex, int attemptId, String error) {
    current(processId, taskIndex, attemptId, optimizer);
    OptimizingProcess process = processes.find(processId).orElseThrow(() -> noSuchTask(processId, taskIndex));
    Optional<TaskStatus> next = tasks.fail(processId, taskIndex, attemptId, process.maxRetries(), error, clock.millis());
    if (next.isEmpty()) {
      throw stale(processId, taskIndex, attemptId);
    }
    LOG.warn("Task {}/{} of {} failed (attempt {}): {}", processId, taskIndex, process.table(), attemptId, error);
    if (next.get() == TaskStatus.FAILED) {
      supervisor.taskFailedFinally(process, taskIndex, error);
    }
  }

  /** The task as stored, checked to be held by this attempt of this optimizer. */
  private OptimizingTaskRecord current(long processId, int taskIndex, int attemptId, OptimizerRecord optimizer) {
    OptimizingTaskRecord task = tasks.find(processId, taskIndex).orElseThrow(() -> noSuchTask(processId, taskIndex));
    if (task.attemptId() != attemptId || !optimizer.token().equals(task.optimizerToken())
        || !(task.status().isRunning())) {
      throw stale(processId, taskIndex, attemptId);
    }
    return task;
  }

  private RewriteTaskOutput verified(OptimizingProcess process, String encoding, byte[] output) {
    Table table = catalogs.catalog(process.table().catalog())
        .loadTable(TableIdentifier.of(process.table().database(), process.table().table()));
    RewriteTaskOutput decoded = RewriteTaskCodec.decodeOutput(encoding, output, table.specs());
    for (DataFile file : decoded.dataFiles()) {
      InputFile input = table.io().newInputFile(file.location());
      if (!input.exists() || input.getLength() != file.fileSizeInBytes()) {
        throw new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid task output: file " + file.location()
            + " does not exist or is not " + file.fileSizeInBytes() + " bytes long");
      }
    }
    return decoded;
  }

  private static int quotaThreads(double quota, int groupThreads) {
    return OptimizingConfig.quotaThreads(quota, groupThreads);
  }

  private static NotFoundException noSuchTask(long processId, int taskIndex) {
    return new NotFoundException(ErrorCode.NO_SUCH_TASK, "Task does not exist: " + processId + "/" + taskIndex);
  }

  private static ConflictException stale(long processId, int taskIndex, int attemptId) {
    return new ConflictException(ErrorCode.STALE_ATTEMPT, "Attempt " + attemptId + " of task " + processId + "/"
        + taskIndex + " is no longer current");
  }
}
