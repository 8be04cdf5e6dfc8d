package io.lakeward.benchmarks.maintenance;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * The shape of the generated table: an event stream partitioned by day, and the names and metadata of its
 * data files, manifests and manifest lists, deterministic for a seed. Names follow what Spark and Iceberg
 * write ({@code 00000-12-<uuid>-00001.parquet}, {@code <uuid>-m0.avro}, {@code snap-<id>-1-<uuid>.avro}),
 * and so do the orphans', which a cleaner can only tell apart by their absence from the metadata.
 */
final class EventFiles {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
      Types.NestedField.optional(3, "payload", Types.StringType.get()));
  static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day("ts").build();

  private static final long MIB = 1024 * 1024;

  private final String location;
  private final Random random;
  /**
   * One builder for every data file: each new builder converts the partition type to an Avro schema, which
   * would be most of the generator's time at a million files; build() copies the partition values it holds.
   */
  private final DataFiles.Builder builder = DataFiles.builder(SPEC);

  EventFiles(String location, Random random) {
    this.location = requireNonNull(location, "location is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** "ts_day=2026-10-01" for a moment. */
  static String partition(long timestampMillis) {
    return "ts_day=" + LocalDate.ofInstant(Instant.ofEpochMilli(timestampMillis), ZoneOffset.UTC);
  }

  /** A data file a writer committed at {@code timestampMillis}, of {@code megabytes} MiB as recorded. */
  DataFile dataFile(String partition, long timestampMillis, int megabytes) {
    long size = megabytes * MIB + random.nextInt((int) MIB);
    long records = size / 120;
    long firstId = random.nextLong() & Long.MAX_VALUE >>> 8;
    long micros = timestampMillis * 1000;
    Metrics metrics = new Metrics(records,
        Map.of(1, size / 4, 2, size / 4, 3, size / 2),
        Map.of(1, records, 2, records, 3, records),
        Map.of(1, 0L, 2, 0L, 3, (long) random.nextInt(100)),
        null,
        bounds(firstId, micros - 600_000_000L, "event-" + (100000 + random.nextInt(400000))),
        bounds(firstId + records, micros, "event-" + (500000 + random.nextInt(400000))));
    return builder
        .withPath(location + "/data/" + partition + "/" + dataFileName())
        .withFormat(FileFormat.PARQUET)
        .withPartitionPath(partition)
        .withFileSizeInBytes(size)
        .withMetrics(metrics)
        .withSplitOffsets(List.of(4L))
        .build();
  }

  String dataFileName() {
    return String.format("%05d-%d-%s-%05d.parquet", random.nextInt(200), random.nextInt(10_000), uuid(),
        1 + random.nextInt(8));
  }

  /** A manifest's location; {@code m0} for the first a commit writes, m1... for the next. */
  String manifest(int index) {
    return location + "/metadata/" + uuid() + "-m" + index + ".avro";
  }

  String manifestList(long snapshotId) {
    return location + "/metadata/snap-" + snapshotId + "-1-" + uuid() + ".avro";
  }

  /** The name of a metadata file a failed commit might have left. */
  String metadataFileName(int version) {
    return String.format("%05d-%s.metadata.json", version, uuid());
  }

  long snapshotId() {
    return random.nextLong() & Long.MAX_VALUE;
  }

  String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static Map<Integer, ByteBuffer> bounds(long id, long tsMicros, String payload) {
    return Map.of(
        1, Conversions.toByteBuffer(Types.LongType.get(), id),
        2, Conversions.toByteBuffer(Types.TimestampType.withZone(), tsMicros),
        3, ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
  }
}
