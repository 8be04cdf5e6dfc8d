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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.hadoop.SerializableConfiguration;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each optimizing task as a Spark job of one Spark task, so the rewrite happens on an executor
 * while the driver thread that polled the task waits for it. Every task gets its own job group:
 * interrupting the waiting thread (a stop past its grace period) cancels the job, which interrupts
 * the rewrite on the executor, and the rewrite deletes what it wrote. A Spark job that fails after
 * Spark's own task retries (an executor lost, out of memory) throws here, and the optimizer reports
 * the failure with its cause to the AMS, which retries the task.
 */
final class SparkTaskRewriter implements TaskRewriter {
  private static final Logger LOG = LoggerFactory.getLogger(SparkTaskRewriter.class);

  private final JavaSparkContext spark;
  private final Duration taskTimeout;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final RewriteExecutor local;

  /**
   * @param taskTimeout how long one task's Spark job may take (Spark retries included) before it is
   *     cancelled and reported as failed: a job that cannot get an executor must not hold a slot forever
   */
  SparkTaskRewriter(JavaSparkContext spark, Duration taskTimeout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.taskTimeout = requireNonNull(taskTimeout, "taskTimeout is null");
    this.hadoopConf = spark.broadcast(new SerializableConfiguration(spark.hadoopConfiguration()));
    this.local = new RewriteExecutor(spark.hadoopConfiguration());
  }

  @Override
  public RewriteTaskOutput execute(RewriteTaskInput input, int attemptId, Map<String, String> metrics) {
    String jobGroup = "lakeward-" + input.fileNamePrefix() + "-a" + attemptId;
    spark.setJobGroup(jobGroup, "Lakeward rewrite of " + input.table() + " (" + input.files().size() + " files)", true);
    try {
      JavaFutureAction<List<ExecutorOutcome>> job = spark.parallelize(List.of(RewriteTaskCodec.encodeInput(input)), 1)
          .map(new RewriteOnExecutor(hadoopConf, attemptId))
          .collectAsync();
      ExecutorOutcome outcome = job.get(taskTimeout.toMillis(), TimeUnit.MILLISECONDS).get(0);
      metrics.putAll(outcome.metrics());
      metrics.put("spark-job-group", jobGroup);
      return RewriteTaskCodec.decodeOutput(RewriteTaskCodec.OUTPUT_ENCODING, outcome.output(),
          Map.of(input.outputSpec().specId(), input.outputSpec()));
    } catch (InterruptedException e) {
      LOG.warn("Cancelling Spark job group {}: the optimizer is stopping", jobGroup);
      spark.cancelJobGroup(jobGroup);
      Thread.currentThread().interrupt();
      throw new RewriteInterruptedException("Rewrite of " + input.table() + " interrupted", e);
    } catch (TimeoutException e) {
      spark.cancelJobGroup(jobGroup);
      throw new IllegalStateException("Spark job " + jobGroup + " rewriting " + input.table() + " did not finish within "
          + taskTimeout.toSeconds() + " s (are there executors?); cancelled it", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("Spark job " + jobGroup + " rewriting " + input.table() + " failed: "
          + cause.getMessage(), cause);
    } finally {
      spark.clearJobGroup();
    }
  }

  @Override
  public void deleteOutput(RewriteTaskInput input, List<DataFile> files) {
    // Deleting a few files needs no executor: the driver has the same file system access.
    local.deleteOutput(input, files);
  }

}
