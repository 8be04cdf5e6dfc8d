package io.lakeward.benchmarks.ingestion;

import io.lakeward.benchmarks.spark.SparkSetup;
import io.lakeward.benchmarks.spark.Sizes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Knobs of the continuous-ingestion benchmark, from system properties (benchmarks/run.sh passes its -D
 * arguments on). The defaults are the issue's: 300 batches, Iceberg's rewrite after every 30 commits.
 *
 * <ul>
 *   <li>{@code bench.ingestion.batches} (300): commits of the writer, one every
 *       {@code .commit-interval} (2s), each {@code .inserts} (20000) new keys plus, from the second on,
 *       upserts of {@code .upserts} (5000) existing keys drawn uniformly (an equality delete on them);
 *   <li>{@code bench.ingestion.rewrite-every} (30): Iceberg's RewriteDataFiles runs after every this many
 *       commits; {@code .iceberg-variants}: the option sets it runs with, separated by {@code |}, each a
 *       comma-separated list of {@code key=value} (default: {@code delete-file-threshold=1,remove-dangling-deletes=true}
 *       and no option at all); every variant is a table of its own, written in the same phase;
 *   <li>{@code bench.ingestion.target-size} (128m): target file size of both sides;
 *   <li>{@code bench.ingestion.sample-every} (30): commits between samples of the file counts;
 *   <li>{@code bench.ingestion.settle-timeout} (10m): how long Lakeward may take after the last commit
 *       to finish pending optimizing;
 *   <li>{@code bench.ingestion.query-repeats} (5): measured rounds of the query set (after one discarded);
 *   <li>{@code bench.spark.master}, {@code .driver-memory}, {@code bench.output}, {@code bench.revision}.
 * </ul>
 */
record IngestionSettings(
    int batches,
    Duration commitInterval,
    int inserts,
    int upserts,
    int rewriteEvery,
    Map<String, Map<String, String>> icebergVariants,
    long targetSize,
    int sampleEvery,
    Duration settleTimeout,
    int queryRepeats,
    int parallelism,
    SparkSetup spark,
    String revision,
    Optional<Path> output) {

  static final String DEFAULT_VARIANTS = "delete-file-threshold=1,remove-dangling-deletes=true|";

  IngestionSettings {
    if (batches < 2 || inserts <= 0 || upserts < 0 || rewriteEvery <= 0 || sampleEvery <= 0 || queryRepeats <= 0) {
      throw new IllegalArgumentException("Invalid bench.ingestion settings: batches >= 2, inserts > 0, upserts >= 0, "
          + "rewrite-every, sample-every and query-repeats > 0");
    }
    icebergVariants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(icebergVariants));
  }

  static IngestionSettings fromSystemProperties() {
    String output = System.getProperty("bench.output", "docs/benchmarks.md");
    return new IngestionSettings(
        Integer.parseInt(System.getProperty("bench.ingestion.batches", "300")),
        Sizes.duration("bench.ingestion.commit-interval", System.getProperty("bench.ingestion.commit-interval", "2s")),
        Integer.parseInt(System.getProperty("bench.ingestion.inserts", "20000")),
        Integer.parseInt(System.getProperty("bench.ingestion.upserts", "5000")),
        Integer.parseInt(System.getProperty("bench.ingestion.rewrite-every", "30")),
        variants(System.getProperty("bench.ingestion.iceberg-variants", DEFAULT_VARIANTS)),
        Sizes.bytes("bench.ingestion.target-size", System.getProperty("bench.ingestion.target-size", "128m")),
        Integer.parseInt(System.getProperty("bench.ingestion.sample-every", "30")),
        Sizes.duration("bench.ingestion.settle-timeout", System.getProperty("bench.ingestion.settle-timeout", "10m")),
        Integer.parseInt(System.getProperty("bench.ingestion.query-repeats", "5")),
        Integer.parseInt(System.getProperty("bench.ingestion.parallelism", "2")),
        SparkSetup.fromSystemProperties(),
        System.getProperty("bench.revision", "unknown"),
        output.isBlank() || output.equals("none") ? Optional.empty() : Optional.of(Path.of(output)));
  }

  /** "a=1,b=2|" → {"a=1, b=2": {a: 1, b: 2}, "defaults": {}}, in order. */
  private static Map<String, Map<String, String>> variants(String value) {
    Map<String, Map<String, String>> variants = new LinkedHashMap<>();
    for (String variant : value.split("\\|", -1)) {
      Map<String, String> options = new LinkedHashMap<>();
      Arrays.stream(variant.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(pair -> {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("Invalid bench.ingestion.iceberg-variants entry: " + pair);
        }
        options.put(pair.substring(0, eq), pair.substring(eq + 1));
      });
      variants.put(options.isEmpty() ? "defaults" : String.join(", ", variant.split(",")), options);
    }
    return variants;
  }

  List<String> variantNames() {
    return List.copyOf(icebergVariants.keySet());
  }
}
