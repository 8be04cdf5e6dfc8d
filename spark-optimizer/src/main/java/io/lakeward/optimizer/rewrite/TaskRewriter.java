package io.lakeward.optimizer.rewrite;

import io.lakeward.scheduler.task.RewriteTaskInput;
import io.lakeward.scheduler.task.RewriteTaskOutput;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;

/**
 * Executes rewrite tasks for an optimizer: in the optimizer's own thread ({@link RewriteExecutor})
 * or somewhere else on its behalf (a Spark job on an executor). Results must not depend on where a
 * task ran.
 */
public interface TaskRewriter {
  /**
   * Rewrites the task's files; {@code attemptId} distinguishes the file names of retries. Throws on
   * failure (an interrupt of the calling thread included, as {@link RewriteInterruptedException})
   * after deleting what it wrote. Facts about the execution (where it ran, how long it took) go to
   * {@code metrics}, which the optimizer reports to the AMS with the result.
   */
  RewriteTaskOutput execute(RewriteTaskInput input, int attemptId, Map<String, String> metrics);

  /** Deletes output files of an earlier execution whose result the AMS refused; never throws. */
  void deleteOutput(RewriteTaskInput input, List<DataFile> files);
}
