package io.lakeward.benchmarks.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Lakeward AMS in a child JVM (its own Iceberg classes never meet Spark's, and its CPU time is its
 * own), on embedded Derby and free loopback ports, from this benchmark's class path (target/lib holds
 * the AMS and its dependencies), with a REST client for what the benchmarks ask of it.
 */
public final class AmsProcess implements AutoCloseable {
  public static final String CATALOG = "bench";
  private static final String ADMIN_PASSWORD = "bench-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChildProcess process;
  private final int optimizingPort;
  private final int httpPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private AmsProcess(ChildProcess process, int optimizingPort, int httpPort) {
    this.process = process;
    this.optimizingPort = optimizingPort;
    this.httpPort = httpPort;
  }

  /**
   * Starts the AMS under {@code dir} with one optimizer group {@code group}; {@code extraYaml} is
   * appended under {@code ams:} (cadences), and {@code groupYaml} goes into its optimizer section.
   */
  public static AmsProcess start(Path dir, String group, String optimizerYaml, String extraYaml) throws Exception {
    int catalogPort = freePort();
    int optimizingPort = freePort();
    int httpPort = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    String yaml = "ams:\n  server-bind-host: 127.0.0.1\n  server-expose-host: 127.0.0.1\n"
        + "  admin-password: " + ADMIN_PASSWORD + "\n"
        + "  thrift-server:\n    catalog-port: " + catalogPort + "\n    optimizing-port: " + optimizingPort + "\n"
        + "    shutdown-timeout: 5s\n"
        + "  http-server:\n    port: " + httpPort + "\n"
        + "  database:\n    type: derby\n    url: \"jdbc:derby:" + dir.resolve("derby").toAbsolutePath() + ";create=true\"\n"
        + "  optimizer:\n    groups: " + group + "\n" + optimizerYaml
        + extraYaml;
    Files.writeString(conf.resolve("config.yaml"), yaml);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g"));
    command.addAll(List.of(System.getProperty("bench.add-opens", "").trim().split("\\s+")));
    command.removeIf(String::isEmpty);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "-Dlakeward.log.dir=" + dir.resolve("logs").toAbsolutePath(),
        "-Dderby.stream.error.file=" + dir.resolve("derby.log").toAbsolutePath(),
        "-Dlog4j2.configurationFile=" + Path.of(System.getProperty("bench.root", ".")).resolve("conf/log4j2.xml")
            .toAbsolutePath(),
        "io.lakeward.ams.AmsMain"));
    ChildProcess child = ChildProcess.start("ams", command, Map.of("LAKEWARD_CONF_DIR", conf.toString(),
        "LAKEWARD_PID_DIR", dir.resolve("run").toString(), "LAKEWARD_HOME", dir.toString()),
        dir.resolve("ams.out"), false);
    AmsProcess ams = new AmsProcess(child, optimizingPort, httpPort);
    try {
      Path ports = dir.resolve("run/ams.ports");
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!Files.exists(ports)) {
        if (!child.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("The AMS did not start:\n" + child.tail(40));
        }
        Thread.sleep(100);
      }
      return ams;
    } catch (Exception | Error e) {
      ams.close();
      throw e;
    }
  }

  public ChildProcess process() {
    return process;
  }

  public String optimizingUri() {
    return "thrift://127.0.0.1:" + optimizingPort;
  }

  public String restCatalogUri() {
    return "http://127.0.0.1:" + httpPort + "/api/iceberg/rest";
  }

  public void createInternalCatalog(Path warehouse) throws Exception {
    String body = "{\"name\":\"" + CATALOG + "\",\"type\":\"internal\",\"properties\":{\"warehouse\":\""
        + warehouse.toUri() + "\"}}";
    expect(call("POST", "/api/ams/v1/catalogs", body), 201);
  }

  /** Scans the catalog now, so new tables are managed without waiting for the scan interval. */
  public void scan() throws Exception {
    expect(call("POST", "/api/ams/v1/catalogs/" + CATALOG + "/scan", ""), 200);
  }

  /** The optimizing view of a table, or null while the AMS does not manage it yet. */
  public JsonNode runtime(String database, String table) throws Exception {
    HttpResponse<String> response = call("GET", tablePath(database, table) + "/optimizing", null);
    return response.statusCode() == 404 ? null : JSON.readTree(expect(response, 200));
  }

  public void trigger(String database, String table, String type) throws Exception {
    expect(call("POST", tablePath(database, table) + "/optimizing/trigger", "{\"type\":\"" + type + "\"}"), 202);
  }

  /** The table's optimizing processes, newest first, with their tasks. */
  public JsonNode processes(String database, String table, int limit) throws Exception {
    return JSON.readTree(expect(call("GET", tablePath(database, table) + "/optimizing/processes?limit=" + limit, null), 200));
  }

  public void cancel(long processId) throws Exception {
    call("POST", "/api/ams/v1/optimizing/processes/" + processId + "/cancel", "");
  }

  public JsonNode group(String name) throws Exception {
    return JSON.readTree(expect(call("GET", "/api/ams/v1/optimizer-groups/" + name, null), 200));
  }

  private static String tablePath(String database, String table) {
    return "/api/ams/v1/catalogs/" + CATALOG + "/databases/" + database + "/tables/" + table;
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    String token = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Basic " + token).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
          + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  @Override
  public void close() throws InterruptedException {
    process.stop(Duration.ofSeconds(30));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
