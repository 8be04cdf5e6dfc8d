package io.lakeward.common.thrift;

import io.lakeward.api.CatalogService;
import io.lakeward.api.OptimizingService;
import io.lakeward.shaded.thrift.TConfiguration;
import io.lakeward.shaded.thrift.protocol.TBinaryProtocol;
import io.lakeward.shaded.thrift.protocol.TProtocol;
import io.lakeward.shaded.thrift.transport.TSocket;
import io.lakeward.shaded.thrift.transport.TTransport;
import io.lakeward.shaded.thrift.transport.TTransportException;
import io.lakeward.shaded.thrift.transport.layered.TFramedTransport;
import java.time.Duration;

/**
 * Opens Thrift connections to the AMS with the transport and protocol the AMS serves: framed
 * transport, strict binary protocol, bounded message and frame sizes.
 */
public final class ThriftClients {
  /** Matches the AMS default ams.thrift-server.max-frame-size (100 MB). */
  public static final int DEFAULT_MAX_FRAME_SIZE = 100 * 1024 * 1024;

  private ThriftClients() {}

  /** A client connection; closing it closes the socket. */
  public record Connection<C>(C client, TTransport transport) implements AutoCloseable {
    @Override
    public void close() {
      transport.close();
    }
  }

  public static Connection<CatalogService.Client> catalog(ThriftEndpoint endpoint, Duration timeout)
      throws TTransportException {
    TProtocol protocol = open(endpoint, timeout);
    return new Connection<>(new CatalogService.Client(protocol), protocol.getTransport());
  }

  public static Connection<OptimizingService.Client> optimizing(ThriftEndpoint endpoint, Duration timeout)
      throws TTransportException {
    TProtocol protocol = open(endpoint, timeout);
    return new Connection<>(new OptimizingService.Client(protocol), protocol.getTransport());
  }

  private static TProtocol open(ThriftEndpoint endpoint, Duration timeout) throws TTransportException {
    int timeoutMillis = Math.toIntExact(timeout.toMillis());
    TConfiguration configuration = TConfiguration.custom()
        .setMaxFrameSize(DEFAULT_MAX_FRAME_SIZE)
        .setMaxMessageSize(DEFAULT_MAX_FRAME_SIZE)
        .build();
    TSocket socket = new TSocket(configuration, endpoint.host(), endpoint.port(), timeoutMillis, timeoutMillis);
    TTransport transport = new TFramedTransport(socket, DEFAULT_MAX_FRAME_SIZE);
    transport.open();
    return new TBinaryProtocol(transport, true, true);
  }
}
