package io.lakeward.benchmarks.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RemoveDanglingDeleteFiles;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The engine's side of the rewrite benchmark: generating a case's source table, preparing a
 * contestant's copy, running Iceberg's rewrite actions and the read-and-write floor (timed here), and
 * checking a table's content against what the generator says it must hold.
 */
final class RewriteCommands {
  /** Source tables are written in this many commits, as a stream of appends would leave them. */
  private static final int SOURCE_COMMITS = 20;
  /** First guess of the Parquet bytes a row takes; the first commit measures the real value. */
  private static final double GUESSED_BYTES_PER_ROW = 55;

  private final SparkSession spark;
  private final Tables tables;
  /** Expected row count and checksum of each generated case, by case name. */
  private final Map<String, Row> expected = new HashMap<>();
  /** Rows written to each generated base table. */
  private final Map<String, Long> baseRows = new HashMap<>();

  RewriteCommands(SparkSession spark, Tables tables) {
    this.spark = requireNonNull(spark, "spark is null");
    this.tables = requireNonNull(tables, "tables is null");
  }

  /**
   * {@code generate table= bytes= files= target-size=}: writes the base table every case starts from:
   * about {@code bytes} in {@code files} data files, in 20 appends as a stream of appends would leave
   * them (the first append measures the bytes a row takes, so the rest come out at the asked size).
   */
  Map<String, String> generate(Args args) throws Exception {
    String table = args.get("table");
    long bytes = args.getLong("bytes");
    int files = args.getInt("files");
    long started = System.nanoTime();
    tables.dropAndDelete(List.of(table));
    tables.create(table, sourceProperties(args.get("target-size")), false);
    String name = tables.sparkName(table);
    int commits = Math.min(SOURCE_COMMITS, files);
    long nextId = 0;
    int filesWritten = 0;
    long bytesWritten = 0;
    double bytesPerRow = GUESSED_BYTES_PER_ROW;
    for (int c = 0; c < commits; c++) {
      int commitFiles = files / commits + (c < files % commits ? 1 : 0);
      long rowsPerFile = Math.max(1, Math.round((bytes - bytesWritten) / (double) (files - filesWritten) / bytesPerRow));
      long rows = rowsPerFile * commitFiles;
      spark.sql(RowModel.range(nextId, nextId + rows, commitFiles, 0)).writeTo(name).append();
      Map<String, String> summary = tables.load(table).currentSnapshot().summary();
      int addedFiles = Integer.parseInt(summary.get("added-data-files"));
      if (addedFiles != commitFiles) {
        throw new IllegalStateException("Cannot shape the source table: a commit of " + commitFiles + " Spark partitions "
            + "wrote " + addedFiles + " files");
      }
      bytesWritten += Long.parseLong(summary.get("added-files-size"));
      filesWritten += commitFiles;
      nextId += rows;
      bytesPerRow = bytesWritten / (double) nextId;
    }
    baseRows.put(table, nextId);
    Map<String, String> reply = new LinkedHashMap<>(tables.files(table));
    reply.put("rows-written", Long.toString(nextId));
    reply.put("generate-seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    return reply;
  }

  /**
   * {@code derive case= base= table= permille= upsert-batches=}: the source table of a case. Plain
   * and sort cases use the base table as it is; a delete case gets a table of its own holding the
   * base's files (committed again, metadata only) plus its deletes: a Spark {@code DELETE}
   * (merge-on-read: position deletes) or an upsert stream (equality deletes). Also computes the rows
   * the case's tables must hold, from the generator alone.
   */
  Map<String, String> derive(Args args) throws Exception {
    String kind = args.get("case");
    String base = args.get("base");
    String table = args.get("table");
    int permille = args.getInt("permille");
    int upsertBatches = args.getInt("upsert-batches");
    Long rows = baseRows.get(base);
    if (rows == null) {
      throw new IllegalArgumentException("Base table " + base + " was not generated in this engine");
    }
    long started = System.nanoTime();
    String keys;
    switch (kind) {
      case "plain", "sort" -> keys = "SELECT id, CAST(0 AS INT) AS version FROM range(0, " + rows + ")";
      case "position-deletes" -> {
        copy(base, table);
        spark.sql("DELETE FROM " + tables.sparkName(table) + " WHERE " + RowModel.deleted(permille));
        keys = "SELECT id, CAST(0 AS INT) AS version FROM range(0, " + rows + ") WHERE NOT (" + RowModel.deleted(permille) + ")";
      }
      case "equality-deletes" -> {
        copy(base, table);
        UpsertCommitter committer = new UpsertCommitter(tables.load(table));
        for (int batch = 1; batch <= upsertBatches; batch++) {
          String batchKeys = "SELECT id, CAST(" + batch + " AS INT) AS version FROM range(0, " + rows + ") WHERE "
              + RowModel.upserted(permille) + " AND " + RowModel.upsertBatch(upsertBatches) + " = " + batch;
          List<Row> batchRows = spark.sql(RowModel.rows(batchKeys)).collectAsList();
          List<Long> replaced = new ArrayList<>(batchRows.size());
          batchRows.forEach(r -> replaced.add(r.getLong(0)));
          committer.commit(batchRows, replaced);
        }
        keys = "SELECT id, CASE WHEN " + RowModel.upserted(permille) + " THEN " + RowModel.upsertBatch(upsertBatches)
            + " ELSE CAST(0 AS INT) END AS version FROM range(0, " + rows + ")";
      }
      default -> throw new IllegalArgumentException("Invalid case: " + kind);
    }
    // Every contestant's result is compared with this; a generator that disagreed with Iceberg's reading of
    // the source would show as wrong data in all of them.
    Row want = spark.sql(RowModel.checksum(RowModel.rows(keys))).first();
    expected.put(kind, want);
    Map<String, String> reply = new LinkedHashMap<>(tables.files(kind.equals("plain") || kind.equals("sort") ? base : table));
    reply.put("live-rows", Long.toString(want.getLong(0)));
    reply.put("derive-seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    return reply;
  }

  private void copy(String base, String table) {
    tables.dropAndDelete(List.of(table));
    tables.create(table, sourceProperties(tables.load(base).properties().get("write.target-file-size-bytes")), false);
    tables.replay(base, table);
  }

  private static Map<String, String> sourceProperties(String targetSize) {
    return Map.of("self-optimizing.enabled", "false", "write.delete.mode", "merge-on-read",
        "write.update.mode", "merge-on-read", "write.target-file-size-bytes", targetSize);
  }

  /** {@code prepare source= table= sorted= prop.k=v...}: a contestant's table holding the source's files. */
  Map<String, String> prepare(Args args) {
    String table = args.get("table");
    tables.dropAndDelete(List.of(table));
    tables.create(table, args.prefixed("prop"), args.getBoolean("sorted"));
    int commits = tables.replay(args.get("source"), table);
    Map<String, String> reply = new LinkedHashMap<>(tables.files(table));
    reply.put("commits", Integer.toString(commits));
    return reply;
  }

  /** {@code verify table= case=}: the table's live rows against the generator's, plus its files. */
  Map<String, String> verify(Args args) {
    String table = args.get("table");
    Row want = expected.get(args.get("case"));
    if (want == null) {
      throw new IllegalArgumentException("Case " + args.get("case") + " was not generated in this engine");
    }
    Row got = spark.sql(RowModel.checksum("SELECT * FROM " + tables.sparkName(table))).first();
    Map<String, String> reply = new LinkedHashMap<>(tables.files(table));
    reply.put("rows", Long.toString(got.getLong(0)));
    reply.put("checksum", got.getString(1));
    reply.put("expected-rows", Long.toString(want.getLong(0)));
    reply.put("expected-checksum", want.getString(1));
    reply.put("match", Boolean.toString(want.equals(got)));
    return reply;
  }

  /**
   * {@code iceberg-rewrite table= strategy=binpack|sort target-size= opt.k=v...}: Iceberg's
   * RewriteDataFiles Spark action on every file of the table, timed from the call to its commit.
   */
  Map<String, String> icebergRewrite(Args args) throws Exception {
    Table table = tables.load(args.get("table"));
    RewriteDataFiles action = SparkActions.get(spark).rewriteDataFiles(table)
        .option(RewriteDataFiles.TARGET_FILE_SIZE_BYTES, args.get("target-size"));
    for (Map.Entry<String, String> option : args.prefixed("opt").entrySet()) {
      action = action.option(option.getKey(), option.getValue());
    }
    action = "sort".equals(args.get("strategy")) ? action.sort() : action.binPack();
    RewriteDataFiles.Result[] result = new RewriteDataFiles.Result[1];
    RewriteDataFiles run = action;
    Timed timed = Timed.of(() -> result[0] = run.execute());
    Map<String, String> reply = new LinkedHashMap<>();
    timed.into(reply);
    reply.put("rewritten-data-files", Integer.toString(result[0].rewrittenDataFilesCount()));
    reply.put("added-data-files", Integer.toString(result[0].addedDataFilesCount()));
    reply.put("rewritten-bytes", Long.toString(result[0].rewrittenBytesCount()));
    reply.put("removed-delete-files", Integer.toString(result[0].removedDeleteFilesCount()));
    return reply;
  }

  /** {@code remove-dangling table=}: Iceberg's RemoveDanglingDeleteFiles Spark action, timed. */
  Map<String, String> removeDangling(Args args) throws Exception {
    Table table = tables.load(args.get("table"));
    RemoveDanglingDeleteFiles.Result[] result = new RemoveDanglingDeleteFiles.Result[1];
    Timed timed = Timed.of(() -> result[0] = SparkActions.get(spark).removeDanglingDeleteFiles(table).execute());
    Map<String, String> reply = new LinkedHashMap<>();
    timed.into(reply);
    int removed = 0;
    for (Object ignored : result[0].removedDeleteFiles()) {
      removed++;
    }
    reply.put("removed-delete-files", Integer.toString(removed));
    return reply;
  }

  /**
   * {@code floor source= table= target-size= sorted=}: the decode-and-encode floor. Spark reads the
   * source table (deletes applied) in splits of the target size and writes every split as one file
   * of a new table (so files come out about the target size), sorted within the split when asked; no planning of a rewrite, no validation of
   * a replace. The new table is created before the clock starts.
   */
  Map<String, String> floor(Args args) throws Exception {
    String target = args.get("table");
    String size = args.get("target-size");
    tables.dropAndDelete(List.of(target));
    // Splits hold the target size of input; the writer's own rolling (which estimates the open row group at
    // its in-memory size) is set out of the way, so every split becomes exactly one file.
    tables.create(target, Map.of("self-optimizing.enabled", "false",
        "write.target-file-size-bytes", Long.toString(4 * Long.parseLong(size)), "write.distribution-mode", "none"), false);
    boolean sorted = args.getBoolean("sorted");
    String source = tables.sparkName(args.get("source"));
    String output = tables.sparkName(target);
    Timed timed = Timed.of(() -> {
      Dataset<Row> rows = spark.read().format("iceberg").option("split-size", size).option("file-open-cost", "0")
          .load(source);
      if (sorted) {
        List<Column> order = new ArrayList<>();
        for (String column : RowModel.SORT_COLUMNS) {
          order.add(functions.col(column));
        }
        rows = rows.sortWithinPartitions(order.toArray(new Column[0]));
      }
      rows.writeTo(output).append();
    });
    Map<String, String> reply = new LinkedHashMap<>();
    timed.into(reply);
    return reply;
  }

  /** {@code drop tables=a,b}: drops the tables and deletes their files. */
  Map<String, String> drop(Args args) {
    tables.dropAndDelete(List.of(args.get("tables").split(",")));
    return Map.of();
  }
}
