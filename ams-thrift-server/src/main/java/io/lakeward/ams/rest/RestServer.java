package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.lakeward.ams.config.HttpServerConfig;
import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.exceptions.UnauthorizedException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the AMS. Every answer is JSON, errors included: expected failures carry their
 * code and message with the status of their kind; anything else is a 500 with a generic message
 * (the stack trace goes to the log, never to the client). Calls that change state need the admin
 * credentials; reads, health and version stay open.
 */
public final class RestServer implements AutoCloseable {
  public static final String API_PREFIX = "/api/ams/v1";
  /** Request attribute with the name of the user a state-changing call authenticated as. */
  public static final String USER_ATTRIBUTE = "lakeward.user";
  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
  private static final Set<HandlerType> READ_ONLY = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final Javalin app;
  private final RestJson json;
  private final String bindHost;
  private final int port;

  public RestServer(String bindHost, HttpServerConfig config, Duration stopTimeout, AdminAuthenticator authenticator,
      RestJson json, List<RestRoutes> routes) {
    this.json = requireNonNull(json, "json is null");
    this.bindHost = requireNonNull(bindHost, "bindHost is null");
    this.port = config.port();
    requireNonNull(authenticator, "authenticator is null");
    this.app = Javalin.create(javalin -> {
      javalin.showJavalinBanner = false;
      javalin.startupWatcherEnabled = false;
      javalin.http.maxRequestSize = config.maxRequestSize().bytes();
      javalin.jetty.modifyServer(server -> server.setStopTimeout(stopTimeout.toMillis()));
    });
    app.before(API_PREFIX + "/*", ctx -> {
      if (!READ_ONLY.contains(ctx.method())) {
        ctx.attribute(USER_ATTRIBUTE, authenticator.authenticate(ctx));
      }
    });
    routes.forEach(r -> r.addTo(app));
    app.exception(LakewardException.class, (e, ctx) -> {
      if (e instanceof UnauthorizedException) {
        ctx.header("WWW-Authenticate", "Basic realm=\"lakeward\"");
      }
      respond(ctx, e.kind().httpStatus(), e.code().name(), e.getMessage());
    });
    app.exception(HttpResponseException.class, (e, ctx) ->
        respond(ctx, e.getStatus(), statusCode(e.getStatus()), e.getMessage()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("Unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
      respond(ctx, 500, "INTERNAL_ERROR", "Internal error; see the AMS log");
    });
    app.error(404, ctx -> {
      if (!isJson(ctx)) {
        respond(ctx, 404, "NOT_FOUND", "No such endpoint: " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> {
      if (!isJson(ctx)) {
        respond(ctx, 405, "METHOD_NOT_ALLOWED", "Method not allowed: " + ctx.method() + " " + ctx.path());
      }
    });
  }

  public void start() {
    app.start(bindHost, port);
    LOG.info("REST API listening on port {}", port());
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private void respond(Context ctx, int status, String code, String message) {
    ctx.status(status).contentType("application/json").result(json.write(new ErrorResponse(code, message, status)));
  }

  private static boolean isJson(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("application/json");
  }

  private static String statusCode(int status) {
    return switch (status) {
      case 400 -> "INVALID_INPUT";
      case 401 -> "UNAUTHORIZED";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      default -> "HTTP_" + status;
    };
  }
}
