package io.lakeward.benchmarks.planning;

import static java.util.Objects.requireNonNull;

import io.lakeward.scheduler.OptimizingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Builds the benchmark's tables: real Iceberg metadata (metadata files, manifest lists, manifests)
 * on the local disk, whose data files exist only in the manifests. Evaluation and planning read
 * manifests only, so they cost what they would on a table of that shape with real data.
 *
 * <p>Every data file carries column metrics (sizes, value, null and NaN counts, lower and upper
 * bounds) for all five columns, as a writer with Iceberg's default metrics mode records them: they
 * are most of a manifest entry's bytes and of its decoding time. Files are appended in batches, one
 * manifest per commit, as a streaming writer's fast appends leave them. Manifests are written here
 * and appended whole ({@code appendManifest}; a v2 table inherits the snapshot id), which builds the
 * same table as {@code appendFile} without Iceberg's 10 ms polling per commit.
 */
final class SyntheticTables {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
      Types.NestedField.required(3, "bucket", Types.IntegerType.get()),
      Types.NestedField.optional(4, "name", Types.StringType.get()),
      Types.NestedField.optional(5, "amount", Types.DoubleType.get()));
  static final String GROUP = "bench";

  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 1);
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long KB = 1024;

  private static final long SEED = 20261124;
  /** Threads building the small tables. */
  private static final int BUILDERS = 8;

  private final String warehouse;
  private final FileIO io;

  SyntheticTables(String warehouse, FileIO io) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.io = requireNonNull(io, "io is null");
  }

  /**
   * A table partitioned by day(ts) whose files arrive in time order over {@code days} days, {@code
   * batch} per commit; returns its metadata file.
   */
  String streaming(String name, int files, int days, int batch) {
    Table table = create(name, PartitionSpec.builderFor(SCHEMA).day("ts").build());
    Random random = new Random(SEED);
    appendInBatches(table, files, batch, i -> dayFile(table, random, (int) ((long) i * days / files)));
    return metadataLocation(table);
  }

  /**
   * A table with an identity partition on an int column, {@code filesPerPartition} files in each of
   * {@code partitions} partitions; every batch spreads over all partitions, as a writer fed by many
   * keys would.
   */
  String manyPartitions(String name, int partitions, int filesPerPartition, int batch) {
    Table table = create(name, PartitionSpec.builderFor(SCHEMA).identity("bucket").build());
    Random random = new Random(SEED + 1);
    appendInBatches(table, partitions * filesPerPartition, batch, i -> bucketFile(table, random, i % partitions));
    return metadataLocation(table);
  }

  /** A table partitioned by day(ts) over {@code days} days, filled in {@code commits} appends. */
  private String small(String name, Random random, int files, int days, int commits) {
    Table table = create(name, PartitionSpec.builderFor(SCHEMA).day("ts").build());
    appendInBatches(table, files, (files + commits - 1) / commits,
        i -> dayFile(table, random, (int) ((long) i * days / files)));
    return metadataLocation(table);
  }

  /**
   * Metadata files of {@code count} small tables named {@code prefix-0000}..., built by a few threads:
   * a commit mostly waits (Iceberg polls its worker pool every 10 ms while it completes the manifest
   * list), so one thread would take minutes for a thousand tables.
   */
  List<String> smallTables(String prefix, int count, int files, int days, int commits) {
    ExecutorService pool = Executors.newFixedThreadPool(BUILDERS);
    try {
      List<Future<String>> tables = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String name = String.format("%s-%04d", prefix, i);
        Random random = new Random(SEED + 2 + i);
        tables.add(pool.submit(() -> small(name, random, files, days, commits)));
      }
      List<String> locations = new ArrayList<>(count);
      for (Future<String> table : tables) {
        locations.add(table.get());
      }
      return locations;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while building tables", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot build the small tables", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Table create(String name, PartitionSpec spec) {
    LocalTableOperations ops = new LocalTableOperations(name, io);
    Map<String, String> properties = Map.of(
        TableProperties.FORMAT_VERSION, "2",
        OptimizingConfig.GROUP, GROUP);
    ops.commit(null, TableMetadata.newTableMetadata(SCHEMA, spec, SortOrder.unsorted(),
        warehouse + "/" + name, properties));
    return new BaseTable(ops, name);
  }

  private void appendInBatches(Table table, int files, int batch, IntFunction<DataFile> file) {
    for (int first = 0; first < files; first += batch) {
      int last = Math.min(files, first + batch);
      String path = table.location() + "/metadata/" + UUID.randomUUID() + "-m0.avro";
      ManifestWriter<DataFile> writer = ManifestFiles.write(2, table.spec(), io.newOutputFile(path), null);
      try (writer) {
        for (int i = first; i < last; i++) {
          writer.add(file.apply(i));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write manifest " + path, e);
      }
      ManifestFile manifest = writer.toManifestFile();
      table.newFastAppend().appendManifest(manifest).commit();
    }
  }

  private static DataFile dayFile(Table table, Random random, int day) {
    String partition = "ts_day=" + FIRST_DAY.plusDays(day);
    return dataFile(table, random, partition, day, random.nextInt(1000));
  }

  private static DataFile bucketFile(Table table, Random random, int bucket) {
    return dataFile(table, random, "bucket=" + bucket, random.nextInt(30), bucket);
  }

  /** A small file: 256 KiB to 4 MiB, about 150 bytes a row. */
  private static DataFile dataFile(Table table, Random random, String partition, int day, int bucket) {
    long size = 256 * KB + (long) (random.nextDouble() * (4096 - 256) * KB);
    long records = size / 150;
    long firstId = random.nextLong() & Long.MAX_VALUE >>> 8;
    long dayStart = FIRST_DAY.plusDays(day).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    long minTs = dayStart + (long) (random.nextDouble() * MICROS_PER_DAY / 2);
    long maxTs = minTs + (long) (random.nextDouble() * MICROS_PER_DAY / 2);
    long nullNames = random.nextInt((int) Math.min(records, 100) + 1);
    Metrics metrics = new Metrics(records,
        Map.of(1, size / 4, 2, size / 4, 3, size / 16, 4, size / 3, 5, size / 6),
        Map.of(1, records, 2, records, 3, records, 4, records, 5, records),
        Map.of(1, 0L, 2, 0L, 3, 0L, 4, nullNames, 5, 0L),
        Map.of(5, 0L),
        bounds(firstId, minTs, bucket, "customer-000000", random.nextDouble() * 10),
        bounds(firstId + records, maxTs, bucket, "customer-" + (100000 + random.nextInt(900000)),
            10 + random.nextDouble() * 10_000));
    return DataFiles.builder(table.spec())
        .withPath(table.location() + "/data/" + partition + "/00000-" + random.nextInt(1000) + "-" + UUID.randomUUID()
            + "-00001.parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartitionPath(partition)
        .withFileSizeInBytes(size)
        .withMetrics(metrics)
        .withSplitOffsets(List.of(4L))
        .build();
  }

  private static Map<Integer, ByteBuffer> bounds(long id, long ts, int bucket, String name, double amount) {
    return Map.of(
        1, Conversions.toByteBuffer(Types.LongType.get(), id),
        2, Conversions.toByteBuffer(Types.TimestampType.withZone(), ts),
        3, Conversions.toByteBuffer(Types.IntegerType.get(), bucket),
        4, ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8)),
        5, Conversions.toByteBuffer(Types.DoubleType.get(), amount));
  }

  private static String metadataLocation(Table table) {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }
}
