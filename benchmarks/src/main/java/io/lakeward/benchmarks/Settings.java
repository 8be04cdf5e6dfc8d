package io.lakeward.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Knobs of a run, from system properties (benchmarks/run.sh passes its -D arguments on). The defaults
 * keep a run on a 2-core machine under about three minutes.
 *
 * <ul>
 *   <li>{@code bench.jvm-warmup.max.seconds} (60): longest JVM warm-up;
 *   <li>{@code bench.warmup.rounds} (1), {@code bench.iterations} (5): discarded and measured rounds;
 *   <li>{@code bench.load.threads} (4), {@code bench.load.seconds} (2): loadTable clients and round length;
 *   <li>{@code bench.commits} (50): sequential commits per round;
 *   <li>{@code bench.commit.clients} (4), {@code bench.commits.per.client} (20): concurrent commits per round;
 *   <li>{@code bench.file-io} (local): {@code local} or {@code hadoop}, see {@link LocalFileIO};
 *   <li>{@code bench.output} (docs/benchmarks.md): the file whose section is rewritten, or {@code none};
 *   <li>{@code bench.revision}: which code is measured, for the report (run.sh passes the git commit).
 * </ul>
 */
record Settings(
    Duration maxJvmWarmUp,
    Duration loadRound,
    int warmUpRounds,
    int iterations,
    int loadThreads,
    int sequentialCommits,
    int commitClients,
    int commitsPerClient,
    String fileIo,
    String revision,
    Optional<Path> output) {

  static final String HADOOP_FILE_IO = "org.apache.iceberg.hadoop.HadoopFileIO";

  static Settings fromSystemProperties() {
    String output = System.getProperty("bench.output", "docs/benchmarks.md");
    return new Settings(
        Duration.ofMillis((long) (1000 * doubleProperty("bench.jvm-warmup.max.seconds", 60))),
        Duration.ofMillis((long) (1000 * doubleProperty("bench.load.seconds", 2))),
        intProperty("bench.warmup.rounds", 1),
        intProperty("bench.iterations", 5),
        intProperty("bench.load.threads", 4),
        intProperty("bench.commits", 50),
        intProperty("bench.commit.clients", 4),
        intProperty("bench.commits.per.client", 20),
        fileIo(System.getProperty("bench.file-io", "local")),
        System.getProperty("bench.revision", "unknown"),
        output.isBlank() || output.equals("none") ? Optional.empty() : Optional.of(Path.of(output)));
  }

  /** The FileIO class every client and server uses: local (LocalFileIO) or hadoop (HadoopFileIO). */
  private static String fileIo(String name) {
    return switch (name) {
      case "local" -> LocalFileIO.class.getName();
      case "hadoop" -> HADOOP_FILE_IO;
      default -> throw new IllegalArgumentException("bench.file-io must be local or hadoop, got " + name);
    };
  }

  private static int intProperty(String key, int fallback) {
    int value = Integer.parseInt(System.getProperty(key, Integer.toString(fallback)));
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
    return value;
  }

  private static double doubleProperty(String key, double fallback) {
    double value = Double.parseDouble(System.getProperty(key, Double.toString(fallback)));
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
    return value;
  }
}
