package io.lakeward.benchmarks.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The engine's side of the continuous-ingestion benchmark: the writer's batches, file statistics,
 * the history of rewrites, the right-sized reference copy, and the fixed query set.
 */
final class IngestionCommands {
  /** The fixed query set run against each table at the end; point lookups are added per run. */
  private static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("count", "SELECT count(*) FROM %s");
    QUERIES.put("filtered aggregate", "SELECT category, count(*), sum(amount), max(qty) FROM %s WHERE qty < 20 "
        + "GROUP BY category");
    QUERIES.put("scan aggregate", "SELECT sum(amount), count(DISTINCT payload) FROM %s WHERE version > 0");
  }

  private final SparkSession spark;
  private final Tables tables;
  private final Map<String, UpsertCommitter> committers = new HashMap<>();

  IngestionCommands(SparkSession spark, Tables tables) {
    this.spark = requireNonNull(spark, "spark is null");
    this.tables = requireNonNull(tables, "tables is null");
  }

  /** {@code create table= prop.k=v...}: a new empty table of the row model. */
  Map<String, String> create(Args args) {
    String table = args.get("table");
    tables.dropAndDelete(List.of(table));
    tables.create(table, args.prefixed("prop"), false);
    committers.remove(table);
    return Map.of();
  }

  /**
   * {@code batch table= batch= inserts= upserts=}: commits writer batch {@code batch} (from 1): new
   * keys as inserts, and for batch 2 on, upserts of existing keys with an equality delete on them.
   */
  Map<String, String> batch(Args args) throws Exception {
    String table = args.get("table");
    int batch = args.getInt("batch");
    int inserts = args.getInt("inserts");
    int upserts = args.getInt("upserts");
    long first = (long) (batch - 1) * inserts;
    List<Row> rows = new ArrayList<>(spark.sql(RowModel.range(first, first + inserts, 1, batch)).collectAsList());
    List<Long> replaced = new ArrayList<>();
    if (batch > 1 && upserts > 0) {
      String keys = "SELECT id, CAST(" + batch + " AS INT) AS version FROM ("
          + RowModel.ingestionUpsertKeys(batch, upserts, first) + ")";
      for (Row row : spark.sql(RowModel.rows(keys)).collectAsList()) {
        rows.add(row);
        replaced.add(row.getLong(0));
      }
    }
    UpsertCommitter committer = committers.computeIfAbsent(table, t -> new UpsertCommitter(tables.load(t)));
    Timed timed = Timed.of(() -> committer.commit(rows, replaced));
    Map<String, String> reply = new LinkedHashMap<>();
    timed.into(reply);
    reply.put("rows", Integer.toString(rows.size()));
    reply.put("replaced", Integer.toString(replaced.size()));
    return reply;
  }

  /** {@code files table=}: the current files of a table. */
  Map<String, String> files(Args args) {
    return tables.files(args.get("table"));
  }

  /**
   * {@code history table=}: what the table's rewrites did, from its snapshot summaries: snapshots
   * with operation {@code replace} (RewriteFiles: Lakeward's commits and Iceberg's rewrite actions).
   */
  Map<String, String> history(Args args) {
    Table table = tables.load(args.get("table"));
    long rewrites = 0;
    long written = 0;
    long read = 0;
    long writerBytes = 0;
    long removedDeletes = 0;
    long lakewardCommits = 0;
    for (Snapshot snapshot : table.snapshots()) {
      Map<String, String> summary = snapshot.summary();
      long added = Long.parseLong(summary.getOrDefault("added-files-size", "0"));
      if ("replace".equals(snapshot.operation())) {
        rewrites++;
        written += added;
        read += Long.parseLong(summary.getOrDefault("removed-files-size", "0"));
        removedDeletes += Long.parseLong(summary.getOrDefault("removed-delete-files", "0"));
        lakewardCommits += summary.containsKey("lakeward.optimizing.process-id") ? 1 : 0;
      } else {
        writerBytes += added;
      }
    }
    Map<String, String> reply = new LinkedHashMap<>();
    reply.put("rewrite-commits", Long.toString(rewrites));
    reply.put("lakeward-commits", Long.toString(lakewardCommits));
    reply.put("rewritten-bytes-written", Long.toString(written));
    reply.put("rewritten-bytes-removed", Long.toString(read));
    reply.put("removed-delete-files", Long.toString(removedDeletes));
    reply.put("writer-bytes", Long.toString(writerBytes));
    return reply;
  }

  /**
   * {@code reference source= table= target-size=}: the source's live rows written once as
   * right-sized files (read in splits of the target size, one file per split).
   */
  Map<String, String> reference(Args args) throws Exception {
    String target = args.get("table");
    String size = args.get("target-size");
    tables.dropAndDelete(List.of(target));
    tables.create(target, Map.of("self-optimizing.enabled", "false",
        "write.target-file-size-bytes", Long.toString(4 * Long.parseLong(size)), "write.distribution-mode", "none"), false);
    spark.read().format("iceberg").option("split-size", size).option("file-open-cost", "0")
        .load(tables.sparkName(args.get("source"))).writeTo(tables.sparkName(target)).append();
    return tables.files(target);
  }

  /** {@code verify table= batches= inserts= upserts=}: the table's rows against the writer's final state. */
  Map<String, String> verify(Args args) {
    String want = RowModel.rows(RowModel.ingestionState(args.getInt("batches"), args.getInt("inserts"),
        args.getInt("upserts")));
    Row expected = spark.sql(RowModel.checksum(want)).first();
    Row got = spark.sql(RowModel.checksum("SELECT * FROM " + tables.sparkName(args.get("table")))).first();
    Map<String, String> reply = new LinkedHashMap<>();
    reply.put("rows", Long.toString(got.getLong(0)));
    reply.put("expected-rows", Long.toString(expected.getLong(0)));
    reply.put("match", Boolean.toString(expected.equals(got)));
    return reply;
  }

  /**
   * {@code queries tables=a,b repeats= keys=k1,k2}: the query set on every table, one round over all
   * tables per repeat (after one discarded round), so a slow spell of the machine lands on all of
   * them. Replies the median seconds per table and query ({@code <table>.<query>}).
   */
  Map<String, String> queries(Args args) {
    List<String> names = List.of(args.get("tables").split(","));
    int repeats = args.getInt("repeats");
    Map<String, String> queries = new LinkedHashMap<>(QUERIES);
    StringBuilder lookups = new StringBuilder();
    for (String key : args.get("keys").split(",")) {
      lookups.append(lookups.length() == 0 ? "" : ";").append("SELECT * FROM %s WHERE id = ").append(key);
    }
    queries.put("point lookups", lookups.toString());
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int round = 0; round <= repeats; round++) {
      for (String table : names) {
        for (Map.Entry<String, String> query : queries.entrySet()) {
          long start = System.nanoTime();
          for (String statement : query.getValue().split(";")) {
            spark.sql(String.format(Locale.ROOT, statement, tables.sparkName(table))).collectAsList();
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          if (round > 0) {
            seconds.computeIfAbsent(table + "." + query.getKey(), k -> new ArrayList<>()).add(elapsed);
          }
        }
      }
    }
    Map<String, String> reply = new LinkedHashMap<>();
    reply.put("queries", String.join(",", queries.keySet()));
    seconds.forEach((key, values) -> {
      List<Double> sorted = values.stream().sorted().toList();
      double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
          : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
      reply.put(key, String.format(Locale.ROOT, "%.4f", median));
    });
    return reply;
  }
}
