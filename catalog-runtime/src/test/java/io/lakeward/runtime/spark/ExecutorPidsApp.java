package io.lakeward.runtime.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A tiny Spark application that {@link SparkStandaloneClusterIT} submits: one job of two tasks, each reporting the
 * process it ran in. Packaged into a jar of its own at test time, so it may use only Spark and the JDK.
 *
 * <p>Arguments: {@code <output file> [<release file>]}. Writes {@code driver <pid> <max heap bytes>} and one line
 * {@code task <partition> <executor id> <pid> <parent pid>} per task to the output file (atomically, once complete);
 * with a release file it then keeps its executors until that file exists, so a test can look at them.
 */
public final class ExecutorPidsApp {
  private static final long RELEASE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(3);

  private ExecutorPidsApp() {
  }

  public static void main(String[] args) throws Exception {
    Path output = Paths.get(args[0]);
    try (JavaSparkContext spark = new JavaSparkContext(new SparkConf())) {
      List<String> lines = new ArrayList<>();
      lines.add("driver " + ProcessHandle.current().pid() + " " + Runtime.getRuntime().maxMemory());
      lines.addAll(spark.parallelize(List.of(0, 1), 2).map(ExecutorPidsApp::describeTask).collect());
      Path partial = output.resolveSibling(output.getFileName() + ".tmp");
      Files.write(partial, lines);
      Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
      if (args.length > 1) {
        awaitRelease(Paths.get(args[1]));
      }
    }
  }

  private static String describeTask(Integer partition) {
    ProcessHandle self = ProcessHandle.current();
    long parent = self.parent().map(ProcessHandle::pid).orElse(-1L);
    return "task " + partition + " " + SparkEnv.get().executorId() + " " + self.pid() + " " + parent;
  }

  private static void awaitRelease(Path release) throws InterruptedException {
    long deadline = System.currentTimeMillis() + RELEASE_TIMEOUT_MS;
    while (!Files.exists(release)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Timed out waiting for " + release);
      }
      Thread.sleep(100);
    }
  }
}
