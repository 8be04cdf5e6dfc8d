package io.lakeward.benchmarks.rewrite;

import io.lakeward.benchmarks.spark.SparkSetup;
import io.lakeward.benchmarks.spark.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Knobs of the rewrite benchmark, from system properties (benchmarks/run.sh passes its -D arguments
 * on). The defaults are the issue's: about 1 GiB in 2,000 files, 128 MiB target files.
 *
 * <ul>
 *   <li>{@code bench.rewrite.bytes} (1g), {@code .files} (2000): the generated data of every case;
 *   <li>{@code bench.rewrite.target-size} (128m): target file size of every contestant (and Lakeward's
 *       max task size);
 *   <li>{@code bench.rewrite.cases} (plain,position-deletes,equality-deletes,sort);
 *   <li>{@code bench.rewrite.delete-permille} (100): rows per thousand deleted by position deletes;
 *   <li>{@code bench.rewrite.upsert-permille} (2): rows per thousand replaced by the upsert stream, in
 *       {@code .upsert-batches} (10) commits. Small by default: every engine checks each data file
 *       against every equality-deleted key (the keys are spread over all files, so no file can be
 *       skipped), so the work grows with files times keys, and 10% of the keys made that case take
 *       hours on 2 cores at the default size;
 *   <li>{@code bench.rewrite.warm-up} (true): one untimed plain case at 1/16 of the size through every
 *       contestant first, so no JVM is measured cold;
 *   <li>{@code bench.rewrite.timeout} (30m): the longest one contestant may take on one case;
 *   <li>{@code bench.rewrite.parallelism} (2): the Spark optimizer's task slots;
 *   <li>{@code bench.rewrite.profile} (false): record Java Flight Recordings of the optimizer and the
 *       engine and report where their CPU samples fall during each measured run;
 *   <li>{@code bench.spark.master} (local[2]), {@code bench.spark.driver-memory} (2g): every Spark JVM;
 *   <li>{@code bench.rewrite.section} (rewrite-benchmark): the section of the output it writes, so a
 *       run with other settings can sit next to the default one;
 *   <li>{@code bench.output}, {@code bench.revision}, as for the other benchmarks.
 * </ul>
 */
record RewriteSettings(
    long bytes,
    int files,
    long targetSize,
    List<RewriteCase> cases,
    int deletePermille,
    int upsertPermille,
    int upsertBatches,
    boolean warmUp,
    Duration timeout,
    int parallelism,
    boolean profile,
    SparkSetup spark,
    String revision,
    Optional<Path> output) {

  RewriteSettings {
    cases = List.copyOf(cases);
    if (files <= 0 || bytes / files < 1024) {
      throw new IllegalArgumentException("Invalid bench.rewrite.files: " + files + " for " + bytes + " bytes");
    }
    if (deletePermille <= 0 || deletePermille >= 1000 || upsertPermille <= 0 || upsertPermille >= 1000) {
      throw new IllegalArgumentException("Invalid bench.rewrite.delete-permille or .upsert-permille: "
          + deletePermille + ", " + upsertPermille + " (1 to 999)");
    }
    if (upsertBatches <= 0 || parallelism <= 0) {
      throw new IllegalArgumentException("Invalid bench.rewrite.upsert-batches or .parallelism: must be positive");
    }
  }

  static RewriteSettings fromSystemProperties() {
    String output = System.getProperty("bench.output", "docs/benchmarks.md");
    return new RewriteSettings(
        Sizes.bytes("bench.rewrite.bytes", System.getProperty("bench.rewrite.bytes", "1g")),
        Integer.parseInt(System.getProperty("bench.rewrite.files", "2000")),
        Sizes.bytes("bench.rewrite.target-size", System.getProperty("bench.rewrite.target-size", "128m")),
        Arrays.stream(System.getProperty("bench.rewrite.cases", "plain,position-deletes,equality-deletes,sort")
            .split(",")).filter(s -> !s.isBlank()).map(RewriteCase::of).toList(),
        Integer.parseInt(System.getProperty("bench.rewrite.delete-permille", "100")),
        Integer.parseInt(System.getProperty("bench.rewrite.upsert-permille", "2")),
        Integer.parseInt(System.getProperty("bench.rewrite.upsert-batches", "10")),
        Boolean.parseBoolean(System.getProperty("bench.rewrite.warm-up", "true")),
        Sizes.duration("bench.rewrite.timeout", System.getProperty("bench.rewrite.timeout", "30m")),
        Integer.parseInt(System.getProperty("bench.rewrite.parallelism", "2")),
        Boolean.parseBoolean(System.getProperty("bench.rewrite.profile", "false")),
        SparkSetup.fromSystemProperties(),
        System.getProperty("bench.revision", "unknown"),
        output.isBlank() || output.equals("none") ? Optional.empty() : Optional.of(Path.of(output)));
  }
}
