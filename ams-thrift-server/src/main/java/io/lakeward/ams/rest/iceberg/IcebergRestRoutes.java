package io.lakeward.ams.rest.iceberg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lakeward.ams.catalog.IcebergCatalogs;
import io.lakeward.ams.rest.RestRoutes;
import io.lakeward.common.exceptions.LakewardException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg REST catalog protocol under {@value #BASE}. Clients configure
 * {@code uri=http://<ams>:1630/api/iceberg/rest} and {@code warehouse=<catalog name>}; the config
 * endpoint answers with the catalog name as path prefix.
 */
public final class IcebergRestRoutes implements RestRoutes {
  public static final String BASE = "/api/iceberg/rest";
  private static final Logger LOG = LoggerFactory.getLogger(IcebergRestRoutes.class);
  private static final String V1 = BASE + "/v1/{prefix}";
  private static final String NAMESPACE = V1 + "/namespaces/{namespace}";
  private static final String TABLE = NAMESPACE + "/tables/{table}";
  private static final String VIEW = NAMESPACE + "/views/{view}";
  private static final List<Endpoint> ENDPOINTS = List.of(
      Endpoint.V1_LIST_NAMESPACES, Endpoint.V1_LOAD_NAMESPACE, Endpoint.V1_NAMESPACE_EXISTS, Endpoint.V1_CREATE_NAMESPACE,
      Endpoint.V1_UPDATE_NAMESPACE, Endpoint.V1_DELETE_NAMESPACE, Endpoint.V1_COMMIT_TRANSACTION,
      Endpoint.V1_LIST_TABLES, Endpoint.V1_LOAD_TABLE, Endpoint.V1_TABLE_EXISTS, Endpoint.V1_CREATE_TABLE,
      Endpoint.V1_UPDATE_TABLE, Endpoint.V1_DELETE_TABLE, Endpoint.V1_RENAME_TABLE, Endpoint.V1_REGISTER_TABLE,
      Endpoint.V1_REPORT_METRICS, Endpoint.V1_LIST_VIEWS, Endpoint.V1_LOAD_VIEW, Endpoint.V1_VIEW_EXISTS,
      Endpoint.V1_CREATE_VIEW, Endpoint.V1_UPDATE_VIEW, Endpoint.V1_DELETE_VIEW, Endpoint.V1_RENAME_VIEW);

  private final IcebergCatalogs catalogs;
  private final ObjectMapper mapper;

  public IcebergRestRoutes(IcebergCatalogs catalogs) {
    this.catalogs = requireNonNull(catalogs, "catalogs is null");
    // The settings of Iceberg's own REST client mapper: kebab-case fields, tolerant of unknown ones.
    this.mapper = new ObjectMapper();
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(mapper);
  }

  @Override
  public void addTo(Javalin app) {
    app.get(BASE + "/v1/config", handle(this::config));

    app.get(V1 + "/namespaces", handle(ctx -> json(ctx, paged(ctx)
        ? CatalogHandlers.listNamespaces(namespaces(ctx), parentNamespace(ctx), ctx.queryParam("pageToken"), ctx.queryParam("pageSize"))
        : CatalogHandlers.listNamespaces(namespaces(ctx), parentNamespace(ctx)))));
    app.post(V1 + "/namespaces", handle(ctx ->
        json(ctx, CatalogHandlers.createNamespace(namespaces(ctx), read(ctx, CreateNamespaceRequest.class)))));
    app.get(NAMESPACE, handle(ctx -> json(ctx, CatalogHandlers.loadNamespace(namespaces(ctx), namespace(ctx)))));
    app.head(NAMESPACE, handle(ctx -> {
      CatalogHandlers.namespaceExists(namespaces(ctx), namespace(ctx));
      ctx.status(204);
    }));
    app.delete(NAMESPACE, handle(ctx -> {
      CatalogHandlers.dropNamespace(namespaces(ctx), namespace(ctx));
      ctx.status(204);
    }));
    app.post(NAMESPACE + "/properties", handle(ctx -> json(ctx, CatalogHandlers.updateNamespaceProperties(
        namespaces(ctx), namespace(ctx), read(ctx, UpdateNamespacePropertiesRequest.class)))));

    app.get(NAMESPACE + "/tables", handle(ctx -> json(ctx, paged(ctx)
        ? CatalogHandlers.listTables(catalog(ctx), namespace(ctx), ctx.queryParam("pageToken"), ctx.queryParam("pageSize"))
        : CatalogHandlers.listTables(catalog(ctx), namespace(ctx)))));
    app.post(NAMESPACE + "/tables", handle(this::createTable));
    app.post(NAMESPACE + "/register", handle(ctx -> json(ctx, withConfig(ctx, CatalogHandlers.registerTable(
        catalog(ctx), namespace(ctx), read(ctx, RegisterTableRequest.class))))));
    app.get(TABLE, handle(ctx -> json(ctx, withConfig(ctx, CatalogHandlers.loadTable(catalog(ctx), table(ctx))))));
    app.head(TABLE, handle(ctx -> {
      CatalogHandlers.tableExists(catalog(ctx), table(ctx));
      ctx.status(204);
    }));
    app.post(TABLE, handle(ctx -> json(ctx, withConfig(ctx, CatalogHandlers.updateTable(catalog(ctx), table(ctx),
        read(ctx, UpdateTableRequest.class))))));
    app.delete(TABLE, handle(ctx -> {
      if (Boolean.parseBoolean(ctx.queryParam("purgeRequested"))) {
        CatalogHandlers.purgeTable(catalog(ctx), table(ctx));
      } else {
        CatalogHandlers.dropTable(catalog(ctx), table(ctx));
      }
      ctx.status(204);
    }));
    app.post(TABLE + "/metrics", handle(ctx -> {
      ReportMetricsRequest report = read(ctx, ReportMetricsRequest.class);
      LOG.debug("Metrics report for {}: {}", table(ctx), report.reportType());
      ctx.status(204);
    }));
    app.post(V1 + "/tables/rename", handle(ctx -> {
      CatalogHandlers.renameTable(catalog(ctx), read(ctx, RenameTableRequest.class));
      ctx.status(204);
    }));
    app.post(V1 + "/transactions/commit", handle(ctx -> {
      catalogs.internal(prefix(ctx)).commitTransaction(read(ctx, CommitTransactionRequest.class));
      ctx.status(204);
    }));

    app.get(NAMESPACE + "/views", handle(ctx -> json(ctx, paged(ctx)
        ? CatalogHandlers.listViews(views(ctx), namespace(ctx), ctx.queryParam("pageToken"), ctx.queryParam("pageSize"))
        : CatalogHandlers.listViews(views(ctx), namespace(ctx)))));
    app.post(NAMESPACE + "/views", handle(ctx ->
        json(ctx, CatalogHandlers.createView(views(ctx), namespace(ctx), read(ctx, CreateViewRequest.class)))));
    app.get(VIEW, handle(ctx -> json(ctx, CatalogHandlers.loadView(views(ctx), view(ctx)))));
    app.head(VIEW, handle(ctx -> {
      CatalogHandlers.viewExists(views(ctx), view(ctx));
      ctx.status(204);
    }));
    app.post(VIEW, handle(ctx -> json(ctx, CatalogHandlers.updateView(views(ctx), view(ctx),
        read(ctx, UpdateTableRequest.class)))));
    app.delete(VIEW, handle(ctx -> {
      CatalogHandlers.dropView(views(ctx), view(ctx));
      ctx.status(204);
    }));
    app.post(V1 + "/views/rename", handle(ctx -> {
      CatalogHandlers.renameView(views(ctx), read(ctx, RenameTableRequest.class));
      ctx.status(204);
    }));
  }

  private void config(Context ctx) throws IOException {
    String warehouse = ctx.queryParam("warehouse");
    if (warehouse == null || warehouse.isBlank()) {
      throw new IllegalArgumentException("Invalid request: the warehouse parameter (the AMS catalog name) is required");
    }
    catalogs.catalog(warehouse);
    json(ctx, ConfigResponse.builder()
        .withDefaults(catalogs.clientProperties(warehouse))
        .withOverride("prefix", warehouse)
        .withEndpoints(ENDPOINTS)
        .build());
  }

  private void createTable(Context ctx) throws IOException {
    CreateTableRequest request = read(ctx, CreateTableRequest.class);
    LoadTableResponse response = request.stageCreate()
        ? CatalogHandlers.stageTableCreate(catalog(ctx), namespace(ctx), request)
        : CatalogHandlers.createTable(catalog(ctx), namespace(ctx), request);
    json(ctx, withConfig(ctx, response));
  }

  private LoadTableResponse withConfig(Context ctx, LoadTableResponse response) {
    return LoadTableResponse.builder()
        .withTableMetadata(response.tableMetadata())
        .addAllConfig(response.config())
        .addAllConfig(catalogs.clientProperties(prefix(ctx)))
        .build();
  }

  private interface Body {
    void handle(Context ctx) throws Exception;
  }

  /** Runs a route and answers any failure with an Iceberg ErrorResponse of the spec's status. */
  private Handler handle(Body body) {
    return ctx -> {
      try {
        body.handle(ctx);
      } catch (Exception e) {
        ErrorResponse error = IcebergRestErrors.toResponse(e);
        if (error.code() >= 500) {
          LOG.error("Iceberg REST {} {} failed", ctx.method(), ctx.path(), e);
        } else if (!(e instanceof LakewardException)) {
          LOG.debug("Iceberg REST {} {} refused: {}", ctx.method(), ctx.path(), e.toString());
        }
        ctx.status(error.code()).contentType("application/json").result(mapper.writeValueAsBytes(error));
      }
    };
  }

  private <T extends RESTRequest> T read(Context ctx, Class<T> type) throws IOException {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw new IllegalArgumentException("Invalid request: empty body");
    }
    T request;
    try {
      request = mapper.readValue(body, type);
    } catch (IOException | RuntimeException e) {
      // Whatever fails while reading the body (malformed JSON, an unknown update action) is the
      // client's mistake: 400, never 406 or 500.
      throw new org.apache.iceberg.exceptions.BadRequestException(e, "Invalid request body: %s",
          e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage() : e.getMessage());
    }
    if (request == null) {
      throw new IllegalArgumentException("Invalid request: null body");
    }
    request.validate();
    return request;
  }

  private void json(Context ctx, Object body) throws IOException {
    ctx.status(200).contentType("application/json").result(mapper.writeValueAsBytes(body));
  }

  /** A page size asks for pagination; without one the whole list is answered. */
  private static boolean paged(Context ctx) {
    String size = ctx.queryParam("pageSize");
    return size != null && !size.isBlank();
  }

  private static String prefix(Context ctx) {
    return ctx.pathParam("prefix");
  }

  private Catalog catalog(Context ctx) {
    return catalogs.catalog(prefix(ctx));
  }

  private SupportsNamespaces namespaces(Context ctx) {
    Catalog catalog = catalog(ctx);
    if (catalog instanceof SupportsNamespaces supports) {
      return supports;
    }
    throw new UnsupportedOperationException("Catalog " + prefix(ctx) + " does not support namespaces");
  }

  private ViewCatalog views(Context ctx) {
    Catalog catalog = catalog(ctx);
    if (catalog instanceof ViewCatalog supports) {
      return supports;
    }
    throw new UnsupportedOperationException("Catalog " + prefix(ctx) + " does not support views");
  }

  private static Namespace namespace(Context ctx) {
    return decodeNamespace(ctx.pathParam("namespace"));
  }

  private static Namespace parentNamespace(Context ctx) {
    String parent = ctx.queryParam("parent");
    return parent == null || parent.isEmpty() ? Namespace.empty() : decodeNamespace(parent);
  }

  /** Namespace levels are joined by the unit separator (0x1F), percent-encoded or not. */
  private static Namespace decodeNamespace(String encoded) {
    String decoded = encoded.replace("%1F", "\u001f").replace("%1f", "\u001f");
    return Namespace.of(Arrays.stream(decoded.split("\u001f", -1)).toArray(String[]::new));
  }

  private static TableIdentifier table(Context ctx) {
    return TableIdentifier.of(namespace(ctx), ctx.pathParam("table"));
  }

  private static TableIdentifier view(Context ctx) {
    return TableIdentifier.of(namespace(ctx), ctx.pathParam("view"));
  }
}
