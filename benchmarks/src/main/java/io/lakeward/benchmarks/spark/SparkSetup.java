package io.lakeward.benchmarks.spark;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Spark comes from and what every Spark JVM of a benchmark gets: the same SPARK_HOME,
 * spark-submit, master and driver memory for Lakeward's optimizer and for the Spark engine that runs
 * Iceberg's actions, the floor and the writers, so both sides have the same Spark resources.
 *
 * @param sparkHome a Spark home with {@code bin/spark-submit} (Lakeward's spark-home module builds one)
 * @param master the Spark master of every Spark JVM, {@code local[2]} by default
 * @param driverMemory the driver heap (in local mode the executors run in the driver)
 * @param icebergRuntime Iceberg's Spark runtime jar, for the engine's driver class path
 * @param benchmarksJar this module's jar, the engine's application
 * @param optimizerJar Lakeward's Spark optimizer application jar
 */
public record SparkSetup(Path sparkHome, String master, String driverMemory, Path icebergRuntime, Path benchmarksJar,
    Path optimizerJar) {

  public SparkSetup {
    requireNonNull(master, "master is null");
    requireNonNull(driverMemory, "driverMemory is null");
    check(sparkHome.resolve("bin/spark-submit"), "bench.spark-home (BENCH_SPARK_HOME): no bin/spark-submit");
    check(icebergRuntime, "bench.iceberg-runtime: Iceberg's Spark runtime jar");
    check(benchmarksJar, "bench.benchmarks-jar");
    check(optimizerJar, "bench.optimizer-jar: build it with mvn -pl spark-optimizer -am package");
  }

  /** From the system properties benchmarks/run.sh sets. */
  public static SparkSetup fromSystemProperties() {
    return new SparkSetup(path("bench.spark-home"), System.getProperty("bench.spark.master", "local[2]"),
        System.getProperty("bench.spark.driver-memory", "2g"), path("bench.iceberg-runtime"),
        path("bench.benchmarks-jar"), path("bench.optimizer-jar"));
  }

  /** spark-submit with this setup's master and driver memory, the Spark UI off, and the given driver options. */
  public List<String> submit(List<String> driverJavaOptions) {
    List<String> command = new ArrayList<>(List.of(sparkHome.resolve("bin/spark-submit").toString(),
        "--master", master, "--driver-memory", driverMemory, "--conf", "spark.ui.enabled=false"));
    if (!driverJavaOptions.isEmpty()) {
      command.add("--driver-java-options");
      command.add(String.join(" ", driverJavaOptions));
    }
    return command;
  }

  public String describe() {
    return "spark-submit of " + sparkHome.getFileName() + " (" + sparkHome + "), --master " + master
        + " --driver-memory " + driverMemory;
  }

  private static Path path(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing -D" + property + " (benchmarks/run.sh sets it)");
    }
    return Path.of(value).toAbsolutePath();
  }

  private static void check(Path path, String what) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + path + " does not exist");
    }
  }
}
