package io.lakeward.ams.thrift;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.ThriftServerConfig;
import io.lakeward.shaded.thrift.TProcessor;
import io.lakeward.shaded.thrift.protocol.TBinaryProtocol;
import io.lakeward.shaded.thrift.server.TServer;
import io.lakeward.shaded.thrift.server.TThreadedSelectorServer;
import io.lakeward.shaded.thrift.transport.TNonblockingServerSocket;
import io.lakeward.shaded.thrift.transport.TTransportException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Thrift service on one port: a threaded-selector non-blocking server (framed transport, strict
 * binary protocol) with a bounded worker pool. Frames above max-frame-size close the connection
 * before any buffer is allocated, and the total of buffered frames is capped, so garbage or
 * oversized input costs a connection, never the heap.
 */
public final class ThriftServiceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftServiceServer.class);

  private final String name;
  private final TServer server;
  private final TNonblockingServerSocket socket;
  private final ThreadPoolExecutor workers;
  private final Duration shutdownTimeout;
  private Thread serveThread;

  public ThriftServiceServer(String name, String bindHost, int port, TProcessor processor, ThriftServerConfig config)
      throws TTransportException {
    this.name = requireNonNull(name, "name is null");
    int maxFrame = Math.toIntExact(config.maxFrameSize().bytes());
    this.socket = new TNonblockingServerSocket(new TNonblockingServerSocket.NonblockingAbstractServerSocketArgs()
        .bindAddr(new InetSocketAddress(bindHost, port))
        .clientTimeout(Math.toIntExact(config.clientTimeout().toMillis()))
        .maxFrameSize(maxFrame));
    this.workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(config.workerQueueSize()), daemonThreads("thrift-" + name + "-worker"),
        new ThreadPoolExecutor.AbortPolicy());
    this.workers.allowCoreThreadTimeOut(true);
    this.shutdownTimeout = config.shutdownTimeout();
    TThreadedSelectorServer.Args args = new TThreadedSelectorServer.Args(socket)
        .processor(processor)
        // String and container lengths are checked against the frame size before allocating.
        .protocolFactory(new TBinaryProtocol.Factory(true, true, maxFrame, maxFrame))
        .selectorThreads(config.selectorThreads())
        .executorService(workers)
        .stopTimeoutVal(Math.toIntExact(Math.max(1, shutdownTimeout.toSeconds())))
        .stopTimeoutUnit(TimeUnit.SECONDS);
    args.maxReadBufferBytes = config.maxReadBufferSize().bytes();
    this.server = new TThreadedSelectorServer(args);
  }

  /** Starts serving and returns once the server accepts connections. */
  public void start() {
    serveThread = new Thread(server::serve, "thrift-" + name + "-server");
    serveThread.setDaemon(false);
    serveThread.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!server.isServing()) {
      if (!serveThread.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("Thrift " + name + " service did not start on port " + port());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while starting Thrift " + name + " service", e);
      }
    }
    LOG.info("Thrift {} service listening on port {}", name, port());
  }

  /** The bound port (the real one when configured as 0). */
  public int port() {
    return socket.getPort();
  }

  public boolean isServing() {
    return server.isServing();
  }

  /** Stops accepting, lets in-flight calls finish within the shutdown timeout, then returns. */
  @Override
  public void close() {
    if (serveThread == null) {
      socket.close();
      return;
    }
    server.stop();
    try {
      serveThread.join(shutdownTimeout.plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    LOG.info("Thrift {} service stopped", name);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
