package io.lakeward.benchmarks.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.spark.sql.SparkSession;

/** Table plumbing of the engine: names, creation, file statistics, history replay and clean-up. */
final class Tables {
  static final String NAMESPACE = "db";

  private final SparkSession spark;
  private final String catalogName;

  Tables(SparkSession spark, String catalogName) {
    this.spark = requireNonNull(spark, "spark is null");
    this.catalogName = requireNonNull(catalogName, "catalogName is null");
  }

  /** The Spark name of a table of the benchmark namespace. */
  String sparkName(String table) {
    return catalogName + "." + NAMESPACE + "." + table;
  }

  Catalog catalog() {
    return ((SparkCatalog) spark.sessionState().catalogManager().catalog(catalogName)).icebergCatalog();
  }

  Table load(String table) {
    return catalog().loadTable(TableIdentifier.of(NAMESPACE, table));
  }

  void createNamespace() {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalogName + "." + NAMESPACE);
  }

  /** Creates a format-v2 table of the row model with the given properties (and the sort order, if sorted). */
  Table create(String table, Map<String, String> properties, boolean sorted) {
    StringBuilder props = new StringBuilder("'format-version'='2'");
    properties.forEach((k, v) -> props.append(", '").append(k).append("'='").append(v).append('\''));
    spark.sql("CREATE TABLE " + sparkName(table) + " (" + RowModel.SCHEMA + ") USING iceberg TBLPROPERTIES (" + props + ")");
    Table created = load(table);
    if (sorted) {
      var order = created.replaceSortOrder();
      for (String column : RowModel.SORT_COLUMNS) {
        order = order.asc(column);
      }
      order.commit();
    }
    return load(table);
  }

  void setProperties(String table, Map<String, String> properties) {
    var update = load(table).updateProperties();
    properties.forEach(update::set);
    update.commit();
  }

  /**
   * Commits the history of {@code source} again to {@code target}, metadata only: per snapshot, the
   * same data and delete files added (and removed) in one row delta, so the target holds the same
   * files (the source's paths) with the same relative sequence numbers. Contestants so start from
   * identical files without writing the data again.
   */
  int replay(String source, String target) {
    Table from = load(source);
    Table to = load(target);
    List<Snapshot> history = new ArrayList<>();
    for (Snapshot s = from.currentSnapshot(); s != null; s = s.parentId() == null ? null : from.snapshot(s.parentId())) {
      history.add(0, s);
    }
    for (Snapshot snapshot : history) {
      RowDelta delta = to.newRowDelta();
      snapshot.addedDataFiles(from.io()).forEach(delta::addRows);
      snapshot.addedDeleteFiles(from.io()).forEach(delta::addDeletes);
      snapshot.removedDataFiles(from.io()).forEach(delta::removeRows);
      snapshot.removedDeleteFiles(from.io()).forEach(delta::removeDeletes);
      delta.commit();
    }
    return history.size();
  }

  /** Files the current snapshot reads: data files, delete files by kind, and their sizes. */
  Map<String, String> files(String table) {
    Table t = load(table);
    long dataFiles = 0;
    long dataBytes = 0;
    long records = 0;
    long smallest = Long.MAX_VALUE;
    long largest = 0;
    Set<String> sortOrders = new HashSet<>();
    Map<String, DeleteFile> deletes = new LinkedHashMap<>();
    if (t.currentSnapshot() != null) {
      try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
        for (FileScanTask task : tasks) {
          DataFile file = task.file();
          dataFiles++;
          dataBytes += file.fileSizeInBytes();
          records += file.recordCount();
          smallest = Math.min(smallest, file.fileSizeInBytes());
          largest = Math.max(largest, file.fileSizeInBytes());
          sortOrders.add(String.valueOf(file.sortOrderId()));
          task.deletes().forEach(d -> deletes.putIfAbsent(d.location(), d));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    long positionFiles = deletes.values().stream().filter(d -> d.content() == FileContent.POSITION_DELETES).count();
    long deleteBytes = deletes.values().stream().mapToLong(DeleteFile::fileSizeInBytes).sum();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("data-files", Long.toString(dataFiles));
    out.put("data-bytes", Long.toString(dataBytes));
    out.put("data-records", Long.toString(records));
    out.put("smallest-file", Long.toString(dataFiles == 0 ? 0 : smallest));
    out.put("largest-file", Long.toString(largest));
    out.put("sort-order-ids", String.join(",", sortOrders));
    out.put("table-sort-order-id", Integer.toString(t.sortOrder().orderId()));
    // Delete files that apply to some live data file, and every delete file the snapshot still carries.
    out.put("live-delete-files", Integer.toString(deletes.size()));
    out.put("live-position-delete-files", Long.toString(positionFiles));
    out.put("live-equality-delete-files", Long.toString(deletes.size() - positionFiles));
    out.put("delete-bytes", Long.toString(deleteBytes));
    Map<String, String> summary = t.currentSnapshot() == null ? Map.of() : t.currentSnapshot().summary();
    out.put("delete-files", summary.getOrDefault("total-delete-files", "0"));
    out.put("snapshot-id", t.currentSnapshot() == null ? "" : Long.toString(t.currentSnapshot().snapshotId()));
    out.put("location", t.location());
    return out;
  }

  /** Drops the tables from the catalog and deletes everything under their locations. */
  void dropAndDelete(List<String> tables) {
    List<String> locations = new ArrayList<>();
    for (String table : tables) {
      TableIdentifier id = TableIdentifier.of(NAMESPACE, table);
      if (catalog().tableExists(id)) {
        locations.add(load(table).location());
        catalog().dropTable(id, false);
      }
    }
    for (String location : locations) {
      deleteRecursively(Path.of(URI.create(location.startsWith("/") ? "file:" + location : location)));
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + root, e);
    }
  }
}
