package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import io.lakeward.common.config.DataSize;
import java.time.Duration;

/** Keys under {@code ams.thrift-server:}: the catalog (1260) and optimizing (1261) Thrift services. */
public record ThriftServerConfig(
    @JsonProperty("catalog-port") Integer catalogPort,
    @JsonProperty("optimizing-port") Integer optimizingPort,
    @JsonProperty("max-frame-size") DataSize maxFrameSize,
    @JsonProperty("max-read-buffer-size") DataSize maxReadBufferSize,
    @JsonProperty("selector-threads") Integer selectorThreads,
    @JsonProperty("worker-threads") Integer workerThreads,
    @JsonProperty("worker-queue-size") Integer workerQueueSize,
    @JsonProperty("client-timeout") Duration clientTimeout,
    @JsonProperty("shutdown-timeout") Duration shutdownTimeout) {

  private static final String PREFIX = "ams.thrift-server.";

  public ThriftServerConfig {
    catalogPort = ConfigException.checkPortOrZero(PREFIX + "catalog-port", catalogPort == null ? 1260 : catalogPort);
    optimizingPort = ConfigException.checkPortOrZero(PREFIX + "optimizing-port", optimizingPort == null ? 1261 : optimizingPort);
    maxFrameSize = maxFrameSize == null ? DataSize.ofMegabytes(100) : maxFrameSize;
    ConfigException.check(maxFrameSize.bytes() >= 1024 && maxFrameSize.bytes() <= Integer.MAX_VALUE,
        PREFIX + "max-frame-size", "%s is out of range 1KB-2GB", maxFrameSize);
    maxReadBufferSize = maxReadBufferSize == null ? DataSize.ofMegabytes(256) : maxReadBufferSize;
    ConfigException.check(maxReadBufferSize.bytes() >= maxFrameSize.bytes(), PREFIX + "max-read-buffer-size",
        "%s must be at least max-frame-size (%s)", maxReadBufferSize, maxFrameSize);
    selectorThreads = positive("selector-threads", selectorThreads, 2);
    workerThreads = positive("worker-threads", workerThreads, 64);
    workerQueueSize = positive("worker-queue-size", workerQueueSize, 1024);
    clientTimeout = clientTimeout == null ? Duration.ofMinutes(5) : clientTimeout;
    shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(30) : shutdownTimeout;
  }

  public static ThriftServerConfig defaults() {
    return new ThriftServerConfig(null, null, null, null, null, null, null, null, null);
  }

  private static int positive(String key, Integer value, int fallback) {
    int v = value == null ? fallback : value;
    ConfigException.check(v > 0, PREFIX + key, "must be positive, got %s", v);
    return v;
  }
}
