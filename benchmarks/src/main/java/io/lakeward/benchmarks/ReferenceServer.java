package io.lakeward.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.rest.RESTCatalogServer;
import org.apache.iceberg.rest.ReferenceCatalogServers;

/**
 * Iceberg's reference REST server (RESTCatalogServer from iceberg-open-api's test fixtures): Jetty
 * with Iceberg's RESTCatalogServlet in front of a JdbcCatalog.
 *
 * <p>Its default backend is {@code jdbc:sqlite::memory:}, but every pooled JDBC connection to that URL
 * opens a separate, empty in-memory database, so tables created through one connection are missing on
 * the other once requests run concurrently. The benchmark gives it a SQLite file instead, which is
 * also the durable counterpart of the AMS's embedded Derby.
 */
final class ReferenceServer implements AutoCloseable {
  private final RESTCatalogServer server;
  private final int port;

  private ReferenceServer(RESTCatalogServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static ReferenceServer start(Path home, String fileIo) throws Exception {
    // RESTCatalogServer neither accepts port 0 usefully (it keeps its Jetty private) nor reports its port.
    int port = freePort();
    Files.createDirectories(home);
    RESTCatalogServer server = ReferenceCatalogServers.create(Map.of(
        "rest.port", Integer.toString(port),
        CatalogProperties.URI, "jdbc:sqlite:" + home.resolve("reference-catalog.db").toAbsolutePath(),
        CatalogProperties.WAREHOUSE_LOCATION, home.resolve("warehouse").toUri().toString(),
        CatalogProperties.FILE_IO_IMPL, fileIo));
    server.start(false);
    return new ReferenceServer(server, port);
  }

  String uri() {
    return "http://127.0.0.1:" + port + "/";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
