package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import io.lakeward.common.config.DataSize;

/** Keys under {@code ams.http-server:}: the REST API (and later the Iceberg REST catalog). */
public record HttpServerConfig(
    @JsonProperty("port") Integer port,
    @JsonProperty("max-request-size") DataSize maxRequestSize) {

  public HttpServerConfig {
    port = ConfigException.checkPortOrZero("ams.http-server.port", port == null ? 1630 : port);
    maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(16) : maxRequestSize;
    ConfigException.check(maxRequestSize.bytes() > 0, "ams.http-server.max-request-size", "must be positive");
  }

  public static HttpServerConfig defaults() {
    return new HttpServerConfig(null, null);
  }
}
