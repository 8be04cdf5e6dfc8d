package io.lakeward.runtime.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SPARK_HOME assembled from Maven jars runs a real standalone cluster: applications submitted with its
 * bin/spark-submit run their tasks in executor JVMs of the worker; sbin/spark-cluster.sh starts, reports and stops
 * such a cluster.
 */
class SparkStandaloneClusterIT {
  private static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String APP_NAME = "lakeward-executor-pids";

  @Test
  void clientModeApplicationRunsItsTasksInExecutorsOfTheWorker() throws Exception {
    Path dir = Files.createTempDirectory(Files.createDirectories(REPO.resolve("catalog-runtime/target")), "spark-cluster-it-");
    Path sparkHome = SparkStandaloneCluster.defaultSparkHome();
    try (SparkStandaloneCluster cluster = SparkStandaloneCluster.start(sparkHome, dir.resolve("cluster"))) {
      Path output = dir.resolve("tasks.txt");
      Path release = dir.resolve("release");
      Process submit = spark(dir.resolve("spark-submit.out"), sparkHome.resolve("bin/spark-submit").toString(),
          "--master", cluster.masterUrl(), "--deploy-mode", "client", "--class", ExecutorPidsApp.class.getName(),
          "--name", APP_NAME, "--driver-memory", "512m", "--conf", "spark.driver.host=127.0.0.1",
          "--conf", "spark.executor.memory=512m", "--conf", "spark.ui.enabled=false",
          appJar(dir.resolve("executor-pids-app.jar")).toString(), output.toString(), release.toString());
      try {
        await("the application's task report", () -> {
          if (Files.exists(output)) {
            return true;
          }
          assertThat(submit.isAlive()).as("spark-submit exited early, see %s", dir.resolve("spark-submit.out")).isTrue();
          return false;
        });
        List<String> lines = Files.readAllLines(output);
        String[] driver = lines.get(0).split(" ");
        long driverPid = Long.parseLong(driver[1]);
        // bin/spark-submit execs bin/spark-class, which execs the JVM: in client mode the submitting process is the driver.
        assertThat(driverPid).isEqualTo(submit.pid());
        assertThat(Long.parseLong(driver[2])).as("driver heap from --driver-memory").isLessThanOrEqualTo(512L << 20);

        List<String[]> tasks = lines.subList(1, lines.size()).stream().map(line -> line.split(" ")).toList();
        assertThat(tasks).hasSize(2);
        List<Long> executors = cluster.executorPids();
        List<Long> taskPids = new ArrayList<>();
        for (String[] task : tasks) {
          long pid = Long.parseLong(task[3]);
          taskPids.add(pid);
          assertThat(task[2]).as("executor id").isNotEqualTo("driver");
          assertThat(pid).isNotEqualTo(driverPid).isNotEqualTo(ProcessHandle.current().pid()).isIn(executors);
          assertThat(Long.parseLong(task[4])).as("parent of the executor").isEqualTo(cluster.workerPid());
        }

        assertThat(cluster.killExecutors()).containsAll(taskPids);
        for (long pid : taskPids) {
          assertThat(running(pid)).as("executor %s running after the kill", pid).isFalse();
        }
        // The application still runs, so the master has the worker launch a replacement.
        await("a replacement executor", () -> cluster.executorPids().stream().anyMatch(pid -> !taskPids.contains(pid)));

        Files.createFile(release);
        assertThat(submit.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("spark-submit exits").isTrue();
        assertThat(submit.exitValue()).as("exit code of spark-submit, see %s", dir.resolve("spark-submit.out")).isZero();
        await("the master to list the application as finished", () -> cluster.masterState()
            .map(state -> hasApplication(state.path("completedapps"), APP_NAME, "FINISHED")).orElse(false));
      } finally {
        submit.destroyForcibly();
      }
    }
  }

  @Test
  void scriptStartsReportsAndStopsACluster() throws Exception {
    Path dir = Files.createTempDirectory(Files.createDirectories(REPO.resolve("catalog-runtime/target")), "spark-cluster-sh-");
    String script = REPO.resolve("sbin/spark-cluster.sh").toString();
    int masterPort = freePort();
    int webUiPort = freePort();
    Map<String, String> env = Map.of("LAKEWARD_PID_DIR", dir.resolve("run").toString(),
        "LAKEWARD_LOG_DIR", dir.resolve("logs").toString());
    boolean stopped = false;
    try {
      Run start = run(dir, env, script, "start", "--port", String.valueOf(masterPort), "--webui-port",
          String.valueOf(webUiPort), "--worker-webui-port", String.valueOf(freePort()), "--memory", "1g");
      assertThat(start.exitCode).as(start.output).isZero();
      assertThat(start.output).contains("master URL: spark://127.0.0.1:" + masterPort);
      JsonNode state = new ObjectMapper().readTree(get(URI.create("http://127.0.0.1:" + webUiPort + "/json/")));
      assertThat(state.path("url").asText()).isEqualTo("spark://127.0.0.1:" + masterPort);
      assertThat(state.path("aliveworkers").asInt()).isEqualTo(1);
      assertThat(state.path("workers").get(0).path("cores").asInt()).isEqualTo(2);
      assertThat(dir.resolve("run/spark-work")).isDirectory();
      long masterPid = Long.parseLong(Files.readString(dir.resolve("run/spark-master.pid")).trim());
      long workerPid = Long.parseLong(Files.readString(dir.resolve("run/spark-worker.pid")).trim());

      Run status = run(dir, env, script, "status");
      assertThat(status.exitCode).as(status.output).isZero();
      assertThat(status.output).contains("spark://127.0.0.1:" + masterPort, "(pid " + masterPid + ")", "(pid " + workerPid + ")");
      Run again = run(dir, env, script, "start", "--port", String.valueOf(masterPort));
      assertThat(again.exitCode).as(again.output).isEqualTo(1);
      assertThat(again.output).contains("already running");

      Run stop = run(dir, env, script, "stop");
      stopped = stop.exitCode == 0;
      assertThat(stop.exitCode).as(stop.output).isZero();
      assertThat(running(masterPid)).as("master running after stop").isFalse();
      assertThat(running(workerPid)).as("worker running after stop").isFalse();
      Run after = run(dir, env, script, "status");
      assertThat(after.exitCode).as(after.output).isEqualTo(3);
    } finally {
      if (!stopped) {
        run(dir, env, script, "stop");
      }
    }
  }

  /**
   * Whether the process exists and has not exited. The script's daemons are orphans once it returns, and init may
   * take a while to reap them: an exited one can linger as a zombie.
   */
  private static boolean running(long pid) throws IOException {
    String content;
    try {
      content = Files.readString(Paths.get("/proc/" + pid + "/stat"));
    } catch (NoSuchFileException e) {
      return false;
    }
    // pid (comm) state ...: the state follows the last ')' as comm may contain anything.
    return content.charAt(content.lastIndexOf(')') + 2) != 'Z';
  }

  private static boolean hasApplication(JsonNode applications, String name, String state) {
    for (JsonNode application : applications) {
      if (name.equals(application.path("name").asText()) && state.equals(application.path("state").asText())) {
        return true;
      }
    }
    return false;
  }

  /** A process with SPARK_HOME, as a user without Spark settings runs it: SPARK_HOME comes from the script's location. */
  private static Process spark(Path out, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    builder.environment().keySet().removeIf(key -> key.startsWith("SPARK_") || key.startsWith("LAKEWARD_"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  private record Run(int exitCode, String output) {
  }

  private static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile(dir, "script-", ".out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("SPARK_") || key.startsWith("LAKEWARD_"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("Timed out: " + String.join(" ", command) + "\n" + Files.readString(out));
    }
    return new Run(process.exitValue(), Files.readString(out));
  }

  /** A jar with ExecutorPidsApp (and its nested classes, if any) from the test classes. */
  private static Path appJar(Path jar) throws Exception {
    Path classes = Paths.get(ExecutorPidsApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String packagePath = ExecutorPidsApp.class.getPackageName().replace('.', '/');
    String simpleName = ExecutorPidsApp.class.getSimpleName();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ExecutorPidsApp.class.getName());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.list(classes.resolve(packagePath))) {
      for (Path path : files.toList()) {
        String name = path.getFileName().toString();
        if (name.equals(simpleName + ".class") || name.startsWith(simpleName + "$")) {
          out.putNextEntry(new JarEntry(packagePath + "/" + name));
          out.write(Files.readAllBytes(path));
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  private static String get(URI uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private interface Condition {
    boolean met() throws Exception;
  }

  private static void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.met()) {
      assertThat(System.nanoTime()).as("timed out waiting for %s", what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
