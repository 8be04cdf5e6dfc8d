package io.lakeward.benchmarks;

import io.lakeward.ams.AmsServer;
import io.lakeward.ams.config.LakewardConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A Lakeward AMS started in-process on free loopback ports with embedded Derby, configured as the
 * AMS's own tests configure it (io.lakeward.ams.testing.TestAms), with one internal catalog.
 */
final class LakewardServer implements AutoCloseable {
  private static final String ADMIN_USER = "admin";
  private static final String ADMIN_PASSWORD = "bench-secret";
  private static final String HOST = "127.0.0.1";

  private final AmsServer server;
  private final String catalogName;

  private LakewardServer(AmsServer server, String catalogName) {
    this.server = server;
    this.catalogName = catalogName;
  }

  static LakewardServer start(Path home, String catalogName, Path warehouse, String fileIo) throws Exception {
    Files.createDirectories(home);
    // Derby writes derby.log into the working directory otherwise: the repository root, where run.sh starts.
    if (System.getProperty("derby.stream.error.file") == null) {
      System.setProperty("derby.stream.error.file", home.resolve("derby.log").toString());
    }
    AmsServer server = AmsServer.start(config(home), home);
    try {
      registerInternalCatalog(server.httpPort(), catalogName, warehouse, fileIo);
      return new LakewardServer(server, catalogName);
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  /**
   * The configuration TestAms builds (ports 0, 1 selector and 8 worker threads, a 4-connection Derby
   * pool under home, 1 s heartbeats, loopback), given as YAML to the AMS's own configuration binding:
   * sections the AMS adds later then take their defaults instead of breaking this benchmark, which a
   * call of the records' canonical constructors would. The environment is not consulted, so
   * LAKEWARD_AMS_* variables of the calling shell do not change what is measured.
   */
  private static LakewardConfig config(Path home) throws IOException {
    String yaml = """
        ams:
          server-bind-host: %1$s
          server-expose-host: %1$s
          admin-username: %2$s
          admin-password: %3$s
          thrift-server:
            catalog-port: 0
            optimizing-port: 0
            selector-threads: 1
            worker-threads: 8
            worker-queue-size: 64
            shutdown-timeout: 5s
          http-server:
            port: 0
          database:
            type: derby
            url: "jdbc:derby:%4$s;create=true"
            pool-max-size: 4
          optimizer:
            heartbeat-interval: 1s
            heartbeat-timeout: 3s
            default-container: external
        """.formatted(HOST, ADMIN_USER, ADMIN_PASSWORD, home.resolve("derby").toAbsolutePath());
    Path file = Files.writeString(home.resolve("config.yaml"), yaml);
    return LakewardConfig.load(file, Map.of());
  }

  /** The catalog's io-impl is what the AMS writes metadata with and what it tells clients to use. */
  private static void registerInternalCatalog(int httpPort, String name, Path warehouse, String fileIo)
      throws IOException, InterruptedException {
    String body = "{\"name\":\"" + name + "\",\"type\":\"internal\",\"properties\":{\"warehouse\":\""
        + warehouse.toUri() + "\",\"io-impl\":\"" + fileIo + "\"}}";
    String token = Base64.getEncoder()
        .encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + httpPort + "/api/ams/v1/catalogs"))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Basic " + token)
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("Registering catalog " + name + " failed (" + response.statusCode() + "): "
          + response.body());
    }
  }

  /** The URI engines give LakewardCatalog. */
  String thriftUri() {
    return "thrift://" + HOST + ":" + server.catalogPort() + "/" + catalogName;
  }

  /** The Iceberg REST endpoint; the catalog is selected with warehouse=catalogName. */
  String restUri() {
    return "http://" + HOST + ":" + server.httpPort() + "/api/iceberg/rest";
  }

  String catalogName() {
    return catalogName;
  }

  @Override
  public void close() {
    server.close();
  }
}
