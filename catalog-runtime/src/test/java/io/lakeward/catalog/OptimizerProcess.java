package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The plain-JVM optimizer in its own process, run from the build output of spark-optimizer. */
final class OptimizerProcess implements AutoCloseable {
  private static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();

  private final Process process;

  private OptimizerProcess(Process process) {
    this.process = process;
  }

  static OptimizerProcess start(Path dir, String amsUri, String group, int threads, String... jvmOptions) throws Exception {
    Path target = REPO.resolve("spark-optimizer/target");
    assertThat(target.resolve("lakeward-optimizer.jar")).as("spark-optimizer must be packaged first").exists();
    Files.createDirectories(dir);
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp",
        target.resolve("lakeward-optimizer.jar") + ":" + target.resolve("lib") + "/*",
        "-Dlakeward.log.dir=" + dir.resolve("logs")));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("io.lakeward.optimizer.standalone.StandaloneOptimizer", "-a", amsUri, "-g", group,
        "-p", String.valueOf(threads)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("optimizer.out").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKEWARD_"));
    return new OptimizerProcess(builder.start());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the optimizer vanishes in the middle of whatever it does. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
