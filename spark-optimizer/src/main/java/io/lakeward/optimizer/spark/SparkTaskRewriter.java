package io.lakeward.optimizer.spark;

import static java.util.Objects.requireNonNull;

import io.lakeward.optimizer.rewrite.RewriteExecutor;
import io.lakeward.optimizer.rewrite.RewriteInterruptedException;
import io.lakeward.optimizer.rewrite.TaskRewriter;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.hadoop.SerializableConfiguration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each optimizing task as Spark work on the executors while the driver thread that polled the
 * task waits for it, in one of two shapes: Iceberg's vectorized Spark reader and writer, in Spark
 * tasks of about one output file each ({@link VectorizedRewrite}, for Parquet tasks without
 * equality deletes), or else one Spark task running the row-by-row {@link RewriteExecutor} (the
 * standalone optimizer's code). Both give the same rows. Every task gets its own job group:
 * interrupting the waiting thread (a stop past its grace period) cancels the job, which interrupts
 * the rewrite on the executor, and the rewrite deletes what it wrote. A Spark job that fails after
 * Spark's own task retries (an executor lost, out of memory) throws here, and the optimizer reports
 * the failure with its cause to the AMS, which retries the task.
 */
final class SparkTaskRewriter implements TaskRewriter {
  private static final Logger LOG = LoggerFactory.getLogger(SparkTaskRewriter.class);
  /** Spark property: false sends every task through the row-by-row executor. */
  static final String VECTORIZED_CONF = "spark.lakeward.rewrite.vectorized";
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(60);

  private final JavaSparkContext spark;
  private final Duration taskTimeout;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final RewriteExecutor local;
  private final SparkSession session;
  private final boolean vectorized;

  /**
   * @param taskTimeout how long one task's Spark job may take (Spark retries included) before it is
   *     cancelled and reported as failed: a job that cannot get an executor must not hold a slot forever
   */
  SparkTaskRewriter(JavaSparkContext spark, Duration taskTimeout) {
    this(spark, taskTimeout, spark.getConf().getBoolean(VECTORIZED_CONF, true));
  }

  /** @param vectorized whether tasks that can go through Iceberg's Spark reader and writer do ({@link VectorizedRewrite}) */
  SparkTaskRewriter(JavaSparkContext spark, Duration taskTimeout, boolean vectorized) {
    this.spark = requireNonNull(spark, "spark is null");
    this.taskTimeout = requireNonNull(taskTimeout, "taskTimeout is null");
    this.vectorized = vectorized;
    this.session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
    this.hadoopConf = spark.broadcast(new SerializableConfiguration(spark.hadoopConfiguration()));
    this.local = new RewriteExecutor(spark.hadoopConfiguration());
  }

  @Override
  public RewriteTaskOutput execute(RewriteTaskInput input, int attemptId, Map<String, String> metrics) {
    String jobGroup = RewriteTaskHooks.JOB_GROUP_PREFIX + input.fileNamePrefix() + "-a" + attemptId;
    Optional<String> rowByRow = vectorized ? VectorizedRewrite.unsupportedReason(input) : Optional.of("turned off");
    String description = "Lakeward rewrite of " + input.table() + " (" + input.files().size() + " files)";
    try {
      RewriteTaskOutput output;
      if (rowByRow.isEmpty()) {
        // Its own map: after a timeout the abandoned work may still be ending on its thread.
        Map<String, String> vectorizedMetrics = new ConcurrentHashMap<>();
        output = awaitJob(jobGroup, inJobGroup(jobGroup, description,
            () -> new VectorizedRewrite(session).execute(input, jobGroup, vectorizedMetrics)));
        metrics.putAll(vectorizedMetrics);
      } else {
        LOG.debug("Rewriting a task of {} row by row: it {}", input.table(), rowByRow.get());
        spark.setJobGroup(jobGroup, description, true);
        try {
          ExecutorOutcome outcome = awaitJob(jobGroup, spark.parallelize(List.of(RewriteTaskCodec.encodeInput(input)), 1)
              .map(new RewriteOnExecutor(hadoopConf, attemptId))
              .collectAsync()).get(0);
          metrics.putAll(outcome.metrics());
          metrics.put("rewrite-shape", "row-by-row");
          output = RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING, outcome.output(),
              Map.of(input.outputSpec().specId(), input.outputSpec()));
        } finally {
          spark.clearJobGroup();
        }
      }
      metrics.put("spark-job-group", jobGroup);
      return output;
    } catch (InterruptedException e) {
      // awaitJob has cancelled the job group already.
      LOG.warn("Cancelled Spark job group {}: the optimizer is stopping", jobGroup);
      Thread.currentThread().interrupt();
      throw new RewriteInterruptedException("Rewrite of " + input.table() + " interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark job " + jobGroup + " rewriting " + input.table() + " did not finish within "
          + taskTimeout.toSeconds() + " s (are there executors?); cancelled it", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("Spark job " + jobGroup + " rewriting " + input.table() + " failed: "
          + cause.getMessage(), cause);
    }
  }

  /**
   * Waits for a task's Spark work; on a timeout or an interrupt it cancels the job group and waits
   * (briefly) for the work to end, so that Spark has deleted what it wrote by then.
   */
  private <T> T awaitJob(String jobGroup, Future<T> job) throws InterruptedException, TimeoutException, ExecutionException {
    try {
      return job.get(taskTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | TimeoutException e) {
      spark.cancelJobGroup(jobGroup);
      awaitEnd(job);
      throw e;
    }
  }

  private static void awaitEnd(Future<?> job) {
    boolean interrupted = Thread.interrupted();
    try {
      job.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException | TimeoutException | CancellationException e) {
      // It ended by the cancellation, as intended, or is still ending; nothing more to wait for.
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Runs Dataset work on a thread of its own that carries the task's job group (Spark's job group is
   * a property of the thread that starts the jobs), so the slot thread can time it out and cancel it.
   */
  private <T> CompletableFuture<T> inJobGroup(String jobGroup, String description, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      spark.setJobGroup(jobGroup, description, true);
      try {
        result.complete(work.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      } finally {
        spark.clearJobGroup();
      }
    }, jobGroup);
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  @Override
  public void deleteOutput(RewriteTaskInput input, List<DataFile> files) {
    // Deleting a few files needs no executor: the driver has the same file system access.
    local.deleteOutput(input, files);
  }

}
