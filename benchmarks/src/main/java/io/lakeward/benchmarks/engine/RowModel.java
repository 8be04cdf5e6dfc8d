package io.lakeward.benchmarks.engine;

import java.util.Locale;

/**
 * The rows every Spark benchmark writes, as Spark SQL. Every column is a deterministic function of
 * the key {@code id} and the {@code version} that wrote it, so the live rows a table must hold after
 * any deletes and upserts can be computed again from the generator alone, independently of how a
 * table applies its delete files, and compared with an order-independent checksum.
 *
 * <p>The payload is a SHA-256 in hex (64 characters, barely compressible), so a row takes about 55
 * bytes in Parquet with zstd: a realistic mix of well-compressed keys, timestamps and dictionary
 * strings next to incompressible text.
 */
public final class RowModel {
  /** Spark DDL of the table schema. */
  public static final String SCHEMA =
      "id BIGINT, version INT, ts TIMESTAMP, category STRING, qty INT, amount DOUBLE, payload STRING";
  /** The sort order of the sort case: a clustering key that cuts across the insertion order. */
  public static final String[] SORT_COLUMNS = {"category", "ts"};

  private static final String COLUMNS = "id, version, "
      + "timestamp_micros(1735689600000000 + id * 1000 + version) AS ts, "
      + "concat('c', CAST(pmod(id * 31 + version, 50) AS STRING)) AS category, "
      + "CAST(pmod(id * 7 + version * 13, 100) AS INT) AS qty, "
      + "CAST(pmod(xxhash64(id, version), 1000000) AS DOUBLE) / 100 AS amount, "
      + "sha2(concat(CAST(id AS STRING), ':', CAST(version AS STRING)), 256) AS payload";

  private RowModel() {
  }

  /** The full rows for a query that yields columns {@code id BIGINT} and {@code version INT}. */
  public static String rows(String keysAndVersions) {
    return "SELECT " + COLUMNS + " FROM (" + keysAndVersions + ")";
  }

  /** Rows of keys [from, to) at one version, in {@code partitions} Spark partitions (one file each when written). */
  public static String range(long from, long to, int partitions, int version) {
    return rows(String.format(Locale.ROOT, "SELECT id, CAST(%d AS INT) AS version FROM range(%d, %d, 1, %d)",
        version, from, to, partitions));
  }

  /** Row count and an order-independent checksum of every column of a query of the table schema. */
  public static String checksum(String query) {
    return "SELECT count(*) AS n, CAST(coalesce(sum(CAST(xxhash64(id, version, ts, category, qty, amount, payload) "
        + "AS DECIMAL(38, 0))), 0) AS STRING) AS h FROM (" + query + ")";
  }

  /** Keys a position-delete case deletes: {@code permille} of every thousand, spread over all files. */
  public static String deleted(int permille) {
    return "pmod(xxhash64(id, 7), 1000) < " + permille;
  }

  /** Keys an upsert case replaces: {@code permille} of every thousand. */
  public static String upserted(int permille) {
    return "pmod(xxhash64(id, 13), 1000) < " + permille;
  }

  /** The upsert batch (1..batches) that replaces an upserted key. */
  public static String upsertBatch(int batches) {
    return "CAST(pmod(xxhash64(id, 11), " + batches + ") + 1 AS INT)";
  }

  /**
   * Keys an ingestion batch {@code batch} (2 and later) upserts: {@code upserts} draws, uniformly over
   * the {@code existing} keys inserted before it, duplicates removed.
   */
  public static String ingestionUpsertKeys(int batch, int upserts, long existing) {
    return String.format(Locale.ROOT, "SELECT DISTINCT pmod(xxhash64(CAST(%d AS BIGINT), id, 17), %d) AS id "
        + "FROM range(0, %d)", batch, existing, upserts);
  }

  /**
   * The live keys and versions after ingestion batches 1..{@code batches}: batch b inserts keys
   * [(b-1)*inserts, b*inserts) at version b and upserts {@link #ingestionUpsertKeys} at version b.
   */
  public static String ingestionState(int batches, int inserts, int upserts) {
    return String.format(Locale.ROOT, "SELECT id, CAST(max(version) AS INT) AS version FROM ("
        + "SELECT id, CAST(floor(id / %2$d) + 1 AS INT) AS version FROM range(0, %3$d) "
        + "UNION ALL "
        + "SELECT pmod(xxhash64(b.id, j.id, 17), (b.id - 1) * %2$d) AS id, CAST(b.id AS INT) AS version "
        + "FROM range(2, %1$d + 1) b CROSS JOIN range(0, %4$d) j"
        + ") GROUP BY id", batches, inserts, (long) batches * inserts, upserts);
  }
}
