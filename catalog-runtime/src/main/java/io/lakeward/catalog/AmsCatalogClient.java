package io.lakeward.catalog;

import static java.util.Objects.requireNonNull;

import io.lakeward.api.CatalogService;
import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.common.thrift.ThriftEndpoint;
import io.lakeward.common.thrift.ThriftErrors;
import io.lakeward.shaded.thrift.TException;
import io.lakeward.shaded.thrift.transport.TTransportException;
import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small pool of Thrift connections to the AMS catalog service. Idempotent calls are retried once
 * on a fresh connection when the one they used turns out to be dead; errors the AMS declares come
 * back as Iceberg exceptions.
 */
final class AmsCatalogClient implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(AmsCatalogClient.class);

  /** A call on one connection. */
  @FunctionalInterface
  interface Call<T> {
    T apply(CatalogService.Client client) throws TException;
  }

  private final ThriftEndpoint endpoint;
  private final Duration timeout;
  private final BlockingQueue<ThriftClients.Connection<CatalogService.Client>> idle;
  private volatile boolean closed;

  AmsCatalogClient(ThriftEndpoint endpoint, int poolSize, Duration timeout) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.idle = new ArrayBlockingQueue<>(poolSize);
  }

  ThriftEndpoint endpoint() {
    return endpoint;
  }

  /** Runs a read-only or otherwise idempotent call, retrying once on a broken connection. */
  <T> T idempotent(Call<T> call) {
    try {
      return once(call);
    } catch (TransportFailure first) {
      LOG.debug("Retrying after a broken connection to {}: {}", endpoint, first.getCause().toString());
      try {
        return once(call);
      } catch (TransportFailure second) {
        throw unreachable(second);
      }
    }
  }

  /** Runs a call that must not be repeated blindly; a transport failure surfaces as TransportFailure. */
  <T> T once(Call<T> call) throws TransportFailure {
    ThriftClients.Connection<CatalogService.Client> connection = borrow();
    boolean healthy = false;
    try {
      T result = call.apply(connection.client());
      healthy = true;
      return result;
    } catch (TTransportException e) {
      throw new TransportFailure(e);
    } catch (TException e) {
      LakewardException declared = ThriftErrors.fromThrift(e);
      healthy = true;
      if (declared != null) {
        throw IcebergErrors.toIceberg(declared);
      }
      throw new IllegalStateException("AMS call failed: " + e.getMessage(), e);
    } finally {
      if (healthy) {
        release(connection);
      } else {
        connection.close();
      }
    }
  }

  RuntimeException unreachable(TransportFailure failure) {
    return new IllegalStateException("Cannot reach the AMS catalog service at " + endpoint + ": "
        + failure.getCause().getMessage(), failure.getCause());
  }

  private ThriftClients.Connection<CatalogService.Client> borrow() throws TransportFailure {
    if (closed) {
      throw new IllegalStateException("Catalog client is closed");
    }
    ThriftClients.Connection<CatalogService.Client> pooled = idle.poll();
    if (pooled != null) {
      return pooled;
    }
    try {
      return ThriftClients.catalog(endpoint, timeout);
    } catch (TTransportException e) {
      throw new TransportFailure(e);
    }
  }

  private void release(ThriftClients.Connection<CatalogService.Client> connection) {
    if (closed || !idle.offer(connection)) {
      connection.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    ThriftClients.Connection<CatalogService.Client> connection;
    while ((connection = idle.poll()) != null) {
      connection.close();
    }
  }

  /** The connection broke: the call may or may not have reached the AMS. */
  static final class TransportFailure extends Exception {
    TransportFailure(TTransportException cause) {
      super(cause);
    }
  }
}
