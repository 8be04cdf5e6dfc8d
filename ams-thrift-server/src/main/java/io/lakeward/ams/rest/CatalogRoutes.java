package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lakeward.ams.catalog.CatalogDefinition;
import io.lakeward.ams.catalog.CatalogRegistry;
import io.lakeward.ams.catalog.CatalogType;
import io.lakeward.common.exceptions.InvalidInputException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** /api/ams/v1/catalogs: register, list, read, update and delete catalogs. Secrets never leave the AMS. */
public final class CatalogRoutes implements RestRoutes {
  private static final String PATH = RestServer.API_PREFIX + "/catalogs";

  private final CatalogRegistry registry;
  private final RestJson json;

  public CatalogRoutes(CatalogRegistry registry, RestJson json) {
    this.registry = requireNonNull(registry, "registry is null");
    this.json = requireNonNull(json, "json is null");
  }

  /** Body of POST and PUT. */
  public record CatalogRequest(
      @JsonProperty("name") String name,
      @JsonProperty("type") String type,
      @JsonProperty("storage") Map<String, String> storage,
      @JsonProperty("properties") Map<String, String> properties) {}

  /** A catalog as the API shows it, with secret values masked. */
  public record CatalogResponse(String name, String type, Map<String, String> storage, Map<String, String> properties,
      long createdAt, long updatedAt) {
    static CatalogResponse of(CatalogDefinition c) {
      return new CatalogResponse(c.name(), c.type().wireName(), Secrets.mask(c.storageConfigs()),
          Secrets.mask(c.properties()), c.createdAtMillis(), c.updatedAtMillis());
    }
  }

  @Override
  public void addTo(Javalin app) {
    app.get(PATH, ctx -> ok(ctx, 200, registry.list().stream().map(CatalogResponse::of).toList()));
    app.post(PATH, this::create);
    app.get(PATH + "/{catalog}", ctx -> ok(ctx, 200, CatalogResponse.of(registry.get(ctx.pathParam("catalog")))));
    app.put(PATH + "/{catalog}", this::update);
    app.delete(PATH + "/{catalog}", ctx -> {
      registry.delete(ctx.pathParam("catalog"), "true".equalsIgnoreCase(ctx.queryParam("force")));
      ctx.status(204);
    });
  }

  private void create(Context ctx) {
    CatalogRequest request = json.read(ctx.bodyAsBytes(), CatalogRequest.class);
    CatalogDefinition created = registry.create(request.name(), type(request), request.storage(), request.properties());
    ok(ctx, 201, CatalogResponse.of(created));
  }

  private void update(Context ctx) {
    String name = ctx.pathParam("catalog");
    CatalogRequest request = json.read(ctx.bodyAsBytes(), CatalogRequest.class);
    if (request.name() != null && !request.name().equals(name)) {
      throw InvalidInputException.of("Invalid request: name '%s' differs from the catalog in the path '%s'", request.name(), name);
    }
    CatalogDefinition existing = registry.get(name);
    // Clients send back masked secrets unchanged; keep the stored values for those.
    Map<String, String> storage = Secrets.unmask(request.storage(), existing.storageConfigs());
    Map<String, String> properties = Secrets.unmask(request.properties(), existing.properties());
    ok(ctx, 200, CatalogResponse.of(registry.update(name, type(request), storage, properties)));
  }

  private static CatalogType type(CatalogRequest request) {
    if (request.type() == null) {
      throw InvalidInputException.of("Invalid request: field 'type' is required");
    }
    return CatalogType.fromWireName(request.type());
  }

  private void ok(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(json.write(body));
  }

  /** Which keys hold secrets, and how they are shown. */
  static final class Secrets {
    static final String MASK = "******";
    private static final List<String> MARKERS =
        List.of("password", "secret", "token", "credential", "access-key", "private-key", "keytab");

    private Secrets() {}

    static boolean isSecret(String key) {
      String lower = key.toLowerCase(java.util.Locale.ROOT);
      return MARKERS.stream().anyMatch(lower::contains);
    }

    static Map<String, String> mask(Map<String, String> values) {
      Map<String, String> masked = new HashMap<>();
      values.forEach((k, v) -> masked.put(k, isSecret(k) ? MASK : v));
      return masked;
    }

    static Map<String, String> unmask(Map<String, String> submitted, Map<String, String> stored) {
      if (submitted == null) {
        return null;
      }
      Map<String, String> result = new HashMap<>();
      submitted.forEach((k, v) -> result.put(k, MASK.equals(v) && stored.containsKey(k) ? stored.get(k) : v));
      return result;
    }
  }
}
