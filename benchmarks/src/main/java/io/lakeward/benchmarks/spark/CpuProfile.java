package io.lakeward.benchmarks.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went during a time window, from a Java Flight Recording: every execution sample
 * (and every native sample in compression or file I/O) is charged to an activity its innermost frames
 * show (compression, sorting, applying deletes, converting values to Java objects, ...) or else to the
 * path it is on (Parquet writing or reading, Spark). Frames match on class and method names without
 * relocation prefixes, so Lakeward's shaded Parquet and Iceberg runtime's shaded Parquet count alike.
 */
public final class CpuProfile {
  /** JFC settings: Java and native stacks sampled every 10 ms, so both kinds of sample weigh the same. */
  public static final String SETTINGS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <configuration version="2.0" label="lakeward-bench" description="CPU samples for the rewrite benchmark">
        <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
        <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
        <event name="jdk.GarbageCollection"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
      </configuration>
      """;

  /**
   * What a sample is doing, by its innermost frame that matches one of these ({@code class.method},
   * relocation prefix removed), walking out from the leaf; the first rule a frame matches wins.
   */
  private static final List<String[]> ACTIVITIES = List.of(
      new String[] {"compression (zstd/snappy)", "zstd", "Zstd", "snappy", "Snappy", "aircompressor"},
      new String[] {"sorting", "TimSort", "SortOrderComparators", "Comparators$", "UnsafeExternalSorter",
          "UnsafeInMemorySorter", "RadixSort", "java.util.Arrays.sort", "java.util.ArrayList.sort"},
      new String[] {"applying deletes", "org.apache.iceberg.deletes.", "DeleteFilter", "StructLikeSet",
          "DeleteLoader", "PositionDeleteIndex", "RoaringPositionBitmap", "ColumnarBatchUtil", "DeleteCounter"},
      new String[] {"Java values: String decode/encode, java.time, boxing", "java.time.", "toStringUsingUTF8",
          "java.lang.StringCoding", "java.lang.String.<init>", "java.lang.String.getBytes", "java.lang.String.encode",
          "java.lang.String.decode", "FromStringBinary", "Binary.fromString", "java.lang.Long.valueOf",
          "java.lang.Integer.valueOf", "java.lang.Double.valueOf"},
      new String[] {"Iceberg generic Record objects", "org.apache.iceberg.data.GenericRecord",
          "org.apache.iceberg.data.InternalRecordWrapper", "org.apache.iceberg.util.StructProjection",
          "io.lakeward.optimizer.rewrite.TaskReader.project"},
      new String[] {"file I/O", "sun.nio.ch.FileDispatcherImpl", "java.io.FileInputStream.read",
          "java.io.RandomAccessFile", "java.io.FileOutputStream.write", "RawLocalFileSystem"});

  /**
   * Otherwise, which path the sample is on: the first of these rules that any frame of the stack
   * matches (writing before reading: a writer pulls its rows through the reader).
   */
  private static final List<String[]> PATHS = List.of(
      new String[] {"Parquet write path (value writers, encoding, dictionaries, pages)", "ValuesWriter",
          "parquet.column.impl.ColumnWriter", "ColumnWriteStore", "ColumnChunkPageWriteStore",
          "InternalParquetRecordWriter", "ParquetValueWriters", "GenericParquetWriter", "SparkParquetWriters",
          "org.apache.iceberg.parquet.ParquetWriter", "org.apache.iceberg.io.DataWriter"},
      new String[] {"Parquet read path (pages, decoding, value readers)", "ValuesReader",
          "parquet.column.impl.ColumnReader", "ParquetFileReader", "ColumnChunkPageReadStore", "ParquetValueReaders",
          "GenericParquetReaders", "org.apache.iceberg.parquet.ParquetReader", "org.apache.iceberg.parquet.VectorizedParquetReader",
          "org.apache.iceberg.arrow.", "org.apache.iceberg.spark.data.vectorized", "SparkParquetReaders",
          "org.apache.iceberg.parquet.PageIterator", "org.apache.iceberg.parquet.BaseColumnIterator"},
      new String[] {"Spark execution (codegen, shuffle, scheduling)", "org.apache.spark."},
      new String[] {"Lakeward optimizer code", "io.lakeward."});

  private CpuProfile() {
  }

  /** Samples per category (and "GC pause ms") in [from, to) of the recording. */
  public static Map<String, Long> categorize(Path recording, Instant from, Instant to) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (!Files.exists(recording)) {
      return counts;
    }
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        Instant at = event.getStartTime();
        if (at.isBefore(from) || !at.isBefore(to)) {
          continue;
        }
        String type = event.getEventType().getName();
        if (type.equals("jdk.GarbageCollection")) {
          counts.merge("GC pause ms", event.getDuration().toMillis(), Long::sum);
          continue;
        }
        boolean nativeSample = type.equals("jdk.NativeMethodSample");
        if (!nativeSample && !type.equals("jdk.ExecutionSample")) {
          continue;
        }
        String category = category(event.getStackTrace());
        if (nativeSample && !category.startsWith("compression")
            && !(category.equals("file I/O") && readsTableFiles(event.getStackTrace()))) {
          // A thread in native code elsewhere is mostly waiting (sockets, epoll, stdin), not computing.
          continue;
        }
        counts.merge(category, 1L, Long::sum);
      }
    }
    return counts;
  }

  private static String category(RecordedStackTrace stack) {
    if (stack == null) {
      return "other";
    }
    List<String> frames = stack.getFrames().stream()
        .filter(f -> f.getMethod() != null && f.getMethod().getType() != null)
        // Iceberg's runtime relocates to org.apache.iceberg.shaded.<original name>, Lakeward's jar to io.lakeward.shaded.<library>.
        .map(f -> f.getMethod().getType().getName().replaceFirst("^org\\.apache\\.iceberg\\.shaded\\.", "")
            .replaceFirst("^io\\.lakeward\\.shaded\\.", "org.apache.") + "." + f.getMethod().getName())
        .toList();
    for (String frame : frames) {
      String match = match(ACTIVITIES, frame);
      if (match != null) {
        return match;
      }
    }
    for (String[] path : PATHS) {
      for (String frame : frames) {
        if (match(List.<String[]>of(path), frame) != null) {
          return path[0];
        }
      }
    }
    return "other";
  }

  private static boolean readsTableFiles(RecordedStackTrace stack) {
    return stack != null && stack.getFrames().stream().anyMatch(f -> f.getMethod() != null
        && f.getMethod().getType() != null && f.getMethod().getType().getName().matches(".*(parquet|iceberg|hadoop).*"));
  }

  private static String match(List<String[]> rules, String frame) {
    for (String[] rule : rules) {
      for (int i = 1; i < rule.length; i++) {
        if (frame.contains(rule[i])) {
          return rule[0];
        }
      }
    }
    return null;
  }

  /** "category 41% · category 20% · ..." of the samples, largest first, plus GC pauses. */
  public static String describe(Map<String, Long> counts) {
    long gc = counts.getOrDefault("GC pause ms", 0L);
    long total = counts.entrySet().stream().filter(e -> !e.getKey().equals("GC pause ms"))
        .mapToLong(Map.Entry::getValue).sum();
    if (total == 0) {
      return "no samples";
    }
    String parts = counts.entrySet().stream().filter(e -> !e.getKey().equals("GC pause ms"))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
        .collect(Collectors.joining(" · "));
    return String.format(Locale.ROOT, "%s (%,d samples of 10 ms; GC pauses %.1f s)", parts, total, gc / 1000.0);
  }
}
