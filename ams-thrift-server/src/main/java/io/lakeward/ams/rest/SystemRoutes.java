package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import java.util.Map;
import java.util.function.Supplier;

/** Health and version: open to everyone, for load balancers and admins. */
public final class SystemRoutes implements RestRoutes {
  private final Supplier<HealthReport> health;
  private final String version;
  private final RestJson json;

  public SystemRoutes(Supplier<HealthReport> health, String version, RestJson json) {
    this.health = requireNonNull(health, "health is null");
    this.version = requireNonNull(version, "version is null");
    this.json = requireNonNull(json, "json is null");
  }

  @Override
  public void addTo(Javalin app) {
    app.get(RestServer.API_PREFIX + "/health", ctx -> {
      HealthReport report = health.get();
      ctx.status("UP".equals(report.status()) ? 200 : 503).contentType("application/json").result(json.write(report));
    });
    app.get(RestServer.API_PREFIX + "/version", ctx ->
        ctx.contentType("application/json").result(json.write(Map.of("version", version, "api", "v1"))));
  }
}
