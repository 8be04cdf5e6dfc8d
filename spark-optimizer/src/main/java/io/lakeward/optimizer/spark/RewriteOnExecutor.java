package io.lakeward.optimizer.spark;

import static java.util.Objects.requireNonNull;

import io.lakeward.optimizer.rewrite.RewriteExecutor;
import io.lakeward.scheduler.task.RewriteTaskCodec;
import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.hadoop.SerializableConfiguration;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * The Spark task that rewrites one optimizing task on an executor: decodes the task, runs the
 * {@link RewriteExecutor} (the same code as the standalone optimizer, so results are identical),
 * and returns the encoded output with where it ran.
 */
final class RewriteOnExecutor implements Function<byte[], ExecutorOutcome> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final int attemptId;

  RewriteOnExecutor(Broadcast<SerializableConfiguration> hadoopConf, int attemptId) {
    this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    this.attemptId = attemptId;
  }

  @Override
  public ExecutorOutcome call(byte[] encodedInput) {
    long started = System.nanoTime();
    RewriteTaskInput input = RewriteTaskCodec.decodeInput(RewriteTaskCodec.INPUT_ENCODING, encodedInput);
    Map<String, String> metrics = new HashMap<>();
    RewriteTaskOutput output = new RewriteExecutor(hadoopConf.value().get()).execute(input, attemptId, metrics);
    SparkEnv env = SparkEnv.get();
    String executorId = env == null ? "unknown" : env.executorId();
    metrics.put("executor-id", executorId);
    metrics.put("executor-pid", String.valueOf(ProcessHandle.current().pid()));
    metrics.put("executor-millis", String.valueOf((System.nanoTime() - started) / 1_000_000));
    return new ExecutorOutcome(RewriteTaskCodec.encodeOutput(output), metrics);
  }
}
