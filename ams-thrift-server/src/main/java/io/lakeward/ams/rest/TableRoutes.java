package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.ams.catalog.CatalogBrowser;
import io.lakeward.ams.catalog.CatalogRegistry;
import io.lakeward.ams.catalog.CatalogScanner;
import io.lakeward.ams.catalog.TableName;
import io.lakeward.ams.persistence.ManagedTableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.TableMetadata;

/**
 * Browsing catalogs: databases and tables of any catalog, a table's detail (schema, partition spec,
 * sort order, properties, current snapshot, file and size counts), the tables the AMS manages, and
 * catalog scans.
 */
public final class TableRoutes implements RestRoutes {
  private static final String CATALOG = RestServer.API_PREFIX + "/catalogs/{catalog}";
  private static final ObjectMapper PARSER = new ObjectMapper();

  private final CatalogRegistry registry;
  private final CatalogBrowser browser;
  private final ManagedTableStore managed;
  private final CatalogScanner scanner;
  private final RestJson json;

  public TableRoutes(CatalogRegistry registry, CatalogBrowser browser, ManagedTableStore managed, CatalogScanner scanner,
      RestJson json) {
    this.registry = requireNonNull(registry, "registry is null");
    this.browser = requireNonNull(browser, "browser is null");
    this.managed = requireNonNull(managed, "managed is null");
    this.scanner = requireNonNull(scanner, "scanner is null");
    this.json = requireNonNull(json, "json is null");
  }

  /** One managed table. */
  public record ManagedTable(String catalog, String database, String table) {}

  /** State of a catalog's last scan. */
  public record ScanResponse(String catalog, Long lastScanAt, Long lastSuccessAt, String lastError, Integer tableCount) {}

  @Override
  public void addTo(Javalin app) {
    app.get(CATALOG + "/databases", ctx -> ok(ctx, browser.databases(catalog(ctx))));
    app.get(CATALOG + "/databases/{database}", ctx -> ok(ctx, browser.database(catalog(ctx), ctx.pathParam("database"))));
    app.get(CATALOG + "/databases/{database}/tables", ctx ->
        ok(ctx, browser.tables(catalog(ctx), ctx.pathParam("database"))));
    app.get(CATALOG + "/databases/{database}/tables/{table}", this::tableDetail);
    app.get(CATALOG + "/scan", ctx -> ok(ctx, scanState(catalog(ctx))));
    app.post(CATALOG + "/scan", ctx -> {
      scanner.scan(registry.get(catalog(ctx)));
      ok(ctx, scanState(catalog(ctx)));
    });
    app.get(RestServer.API_PREFIX + "/tables", ctx -> {
      String catalog = ctx.queryParam("catalog");
      List<ManagedTable> tables = managed.listAll().stream()
          .filter(t -> catalog == null || t.catalog().equals(catalog))
          .map(t -> new ManagedTable(t.catalog(), t.database(), t.table()))
          .toList();
      ok(ctx, tables);
    });
  }

  private void tableDetail(Context ctx) {
    TableName name = new TableName(catalog(ctx), ctx.pathParam("database"), ctx.pathParam("table"));
    TableMetadata metadata = browser.metadata(name);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("catalog", name.catalog());
    detail.put("database", name.database());
    detail.put("table", name.table());
    detail.put("format-version", metadata.formatVersion());
    detail.put("location", metadata.location());
    detail.put("metadata-location", metadata.metadataFileLocation());
    detail.put("schema", parse(SchemaParser.toJson(metadata.schema())));
    detail.put("partition-spec", parse(PartitionSpecParser.toJson(metadata.spec())));
    detail.put("sort-order", parse(SortOrderParser.toJson(metadata.sortOrder())));
    detail.put("properties", metadata.properties());
    Snapshot current = metadata.currentSnapshot();
    detail.put("current-snapshot", current == null ? null : snapshot(current));
    detail.put("snapshot-count", metadata.snapshots().size());
    ok(ctx, detail);
  }

  /** Counts come from the snapshot summary Iceberg keeps per commit, so no manifest is read. */
  private static Map<String, Object> snapshot(Snapshot snapshot) {
    Map<String, String> summary = snapshot.summary();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("snapshot-id", snapshot.snapshotId());
    result.put("timestamp-ms", snapshot.timestampMillis());
    result.put("operation", snapshot.operation());
    result.put("data-files", count(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP));
    result.put("delete-files", count(summary, SnapshotSummary.TOTAL_DELETE_FILES_PROP));
    result.put("records", count(summary, SnapshotSummary.TOTAL_RECORDS_PROP));
    result.put("total-size-bytes", count(summary, SnapshotSummary.TOTAL_FILE_SIZE_PROP));
    result.put("position-deletes", count(summary, SnapshotSummary.TOTAL_POS_DELETES_PROP));
    result.put("equality-deletes", count(summary, SnapshotSummary.TOTAL_EQ_DELETES_PROP));
    result.put("summary", summary);
    return result;
  }

  private static Long count(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? null : Long.parseLong(value);
  }

  private ScanResponse scanState(String catalog) {
    registry.get(catalog);
    return managed.scanState(catalog)
        .map(s -> new ScanResponse(catalog, s.lastScanAt(), s.lastSuccessAt(), s.lastError(), s.tableCount()))
        .orElse(new ScanResponse(catalog, null, null, null, null));
  }

  private String catalog(Context ctx) {
    String name = ctx.pathParam("catalog");
    registry.get(name);
    return name;
  }

  private static JsonNode parse(String text) {
    try {
      return PARSER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void ok(Context ctx, Object body) {
    ctx.status(200).contentType("application/json").result(json.write(body));
  }
}
