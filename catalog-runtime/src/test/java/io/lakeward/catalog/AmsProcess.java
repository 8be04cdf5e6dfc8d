package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real AMS in its own JVM, run from the build output of ams-thrift-server, as engines meet it in
 * production (and so that its Iceberg classes never meet the engine's).
 */
final class AmsProcess implements AutoCloseable {
  static final String ADMIN_PASSWORD = "it-secret";
  private static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();

  private Process process;
  private final List<String> command;
  private final Path dir;
  private final int catalogPort;
  private final int optimizingPort;
  private final int httpPort;

  private AmsProcess(Process process, List<String> command, Path dir, int catalogPort, int optimizingPort, int httpPort) {
    this.process = process;
    this.command = command;
    this.dir = dir;
    this.catalogPort = catalogPort;
    this.optimizingPort = optimizingPort;
    this.httpPort = httpPort;
  }

  /** Starts an AMS on embedded Derby under dir, or on the database that databaseYaml describes. */
  static AmsProcess start(Path dir, String databaseYaml) throws Exception {
    return start(dir, databaseYaml, "");
  }

  /** As {@link #start(Path, String)}, with more YAML appended under ams:. */
  static AmsProcess start(Path dir, String databaseYaml, String extraAmsYaml) throws Exception {
    return start(dir, databaseYaml, extraAmsYaml, List.of());
  }

  /** As {@link #start(Path, String, String)}, with extra JVM options (fault injection). */
  static AmsProcess start(Path dir, String databaseYaml, String extraAmsYaml, List<String> jvmOptions) throws Exception {
    Path target = REPO.resolve("ams-thrift-server/target");
    assertThat(target.resolve("lakeward-ams.jar")).as("ams-thrift-server must be packaged first").exists();
    int catalogPort = freePort();
    int optimizingPort = freePort();
    int httpPort = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    String database = databaseYaml != null ? databaseYaml
        : "    type: derby\n    url: jdbc:derby:" + dir.resolve("derby") + ";create=true\n";
    Files.writeString(conf.resolve("config.yaml"), "ams:\n  server-bind-host: 127.0.0.1\n  admin-password: " + ADMIN_PASSWORD + "\n"
        + "  thrift-server:\n    catalog-port: " + catalogPort + "\n    optimizing-port: " + optimizingPort + "\n"
        + "    shutdown-timeout: 5s\n  http-server:\n    port: " + httpPort + "\n  database:\n" + database + extraAmsYaml);
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-cp",
        target.resolve("lakeward-ams.jar") + ":" + target.resolve("lib") + "/*",
        "-Dlakeward.log.dir=" + dir.resolve("logs"),
        "-Dlog4j2.configurationFile=" + REPO.resolve("conf/log4j2.xml")));
    command.addAll(jvmOptions);
    command.add("io.lakeward.ams.AmsMain");
    AmsProcess ams = new AmsProcess(launch(command, dir), command, dir, catalogPort, optimizingPort, httpPort);
    ams.awaitReady();
    return ams;
  }

  private static Process launch(List<String> command, Path dir) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ams.out").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKEWARD_"));
    builder.environment().put("LAKEWARD_CONF_DIR", dir.resolve("conf").toString());
    builder.environment().put("LAKEWARD_PID_DIR", dir.resolve("run").toString());
    builder.environment().put("LAKEWARD_HOME", dir.toString());
    return builder.start();
  }

  /** Stops the AMS (SIGTERM) and starts it again on the same ports and database. */
  void restart() throws Exception {
    close();
    relaunch(command);
  }

  /** Kills the AMS with SIGKILL: no shutdown hook, no clean-up, as a crash would. */
  void kill() throws Exception {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** Starts the (stopped or killed) AMS again on the same ports and database, without the given JVM options. */
  void relaunchWithout(List<String> jvmOptions) throws Exception {
    List<String> next = new ArrayList<>(command);
    next.removeAll(jvmOptions);
    relaunch(next);
  }

  private void relaunch(List<String> next) throws Exception {
    Files.deleteIfExists(dir.resolve("run/ams.ports"));
    process = launch(next, dir);
    awaitReady();
  }

  String optimizingUri() {
    return "thrift://127.0.0.1:" + optimizingPort;
  }

  private void awaitReady() throws Exception {
    Path ports = dir.resolve("run/ams.ports");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(ports)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("AMS did not start: " + Files.readString(dir.resolve("ams.out")));
      }
      Thread.sleep(100);
    }
    Properties values = new Properties();
    values.load(Files.newBufferedReader(ports));
    assertThat(values.getProperty("catalog-port")).isEqualTo(String.valueOf(catalogPort));
  }

  String thriftUri(String catalog) {
    return "thrift://127.0.0.1:" + catalogPort + "/" + catalog;
  }

  String restUri() {
    return "http://127.0.0.1:" + httpPort + "/api/iceberg/rest";
  }

  /** Registers an internal catalog with its warehouse under the given directory. */
  void createInternalCatalog(String name, Path warehouse) throws Exception {
    String body = "{\"name\":\"" + name + "\",\"type\":\"internal\",\"properties\":{\"warehouse\":\""
        + warehouse.toUri() + "\"}}";
    HttpResponse<String> response = admin("POST", "/api/ams/v1/catalogs", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  HttpResponse<String> admin(String method, String path, String body) throws Exception {
    String token = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Basic " + token).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
