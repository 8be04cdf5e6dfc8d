package io.lakeward.runtime.spark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A real Spark standalone cluster for integration tests: one master and one worker, each a child JVM on 127.0.0.1
 * started through {@code <sparkHome>/bin/spark-class} (so with the classpath and JVM options the scripts use), on
 * free ports. Logs go to {@code <workDir>/logs}, the worker keeps applications and executor logs in
 * {@code <workDir>/work}.
 *
 * <p>{@link #start} returns once the worker is registered and ALIVE at the master. {@link #close} stops the worker,
 * whatever it launched (executors, drivers) and the master.
 */
public final class SparkStandaloneCluster implements AutoCloseable {
  private static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  private static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
  private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final String DRIVER_WRAPPER_CLASS = "org.apache.spark.deploy.worker.DriverWrapper";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path sparkHome;
  private final Path workDir;
  private final int masterPort;
  private final int webUiPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Process master;
  private Process worker;

  private SparkStandaloneCluster(Path sparkHome, Path workDir, int masterPort, int webUiPort) {
    this.sparkHome = sparkHome;
    this.workDir = workDir;
    this.masterPort = masterPort;
    this.webUiPort = webUiPort;
  }

  /**
   * The SPARK_HOME that the spark-home module assembles from Maven jars: {@code <repo>/spark-home/target/spark-home},
   * with the repository root from the {@code lakeward.repo.root} system property (failsafe sets it) or {@code ..}.
   *
   * @throws IllegalStateException when it has not been built ({@code mvn -pl spark-home package})
   */
  public static Path defaultSparkHome() {
    Path repo = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();
    Path home = repo.resolve("spark-home/target/spark-home");
    if (!Files.isExecutable(home.resolve("bin/spark-class")) || !Files.isDirectory(home.resolve("jars"))) {
      throw new IllegalStateException("Cannot find the assembled SPARK_HOME " + home + ", build it first: mvn -pl spark-home package");
    }
    return home;
  }

  /** Starts a cluster whose worker offers 2 cores and 2g to applications. */
  public static SparkStandaloneCluster start(Path sparkHome, Path workDir) throws IOException, InterruptedException {
    return start(sparkHome, workDir, 2, "2g");
  }

  /**
   * Starts a master and a worker with the given cores and memory (such as {@code 2g}) and waits until the worker is
   * ALIVE at the master. With one core, applications in cluster deploy mode never get an executor (the driver holds
   * the core).
   *
   * @throws IllegalStateException when master or worker exit or the worker does not register within two minutes
   *     (both are stopped then)
   */
  public static SparkStandaloneCluster start(Path sparkHome, Path workDir, int workerCores, String workerMemory)
      throws IOException, InterruptedException {
    requireNonNull(sparkHome, "sparkHome is null");
    requireNonNull(workDir, "workDir is null");
    if (workerCores < 1) {
      throw new IllegalArgumentException("Invalid worker cores: " + workerCores);
    }
    Path logs = Files.createDirectories(workDir.resolve("logs"));
    Path work = Files.createDirectories(workDir.resolve("work"));
    SparkStandaloneCluster cluster = new SparkStandaloneCluster(sparkHome.toAbsolutePath(), workDir, freePort(), freePort());
    try {
      // No fallback to the next port: the worker connects to the one chosen here.
      cluster.master = cluster.launch(logs.resolve("spark-master.out"), "-Dspark.port.maxRetries=0", MASTER_CLASS,
          "--host", "127.0.0.1", "--port", String.valueOf(cluster.masterPort),
          "--webui-port", String.valueOf(cluster.webUiPort));
      // Started only once the master answers, or the worker's first registration attempt fails and it backs off.
      cluster.await("the Spark master to serve its web UI (see " + logs + ")", () -> cluster.masterState()
          .filter(state -> cluster.masterUrl().equals(state.path("url").asText())).isPresent());
      cluster.worker = cluster.launch(logs.resolve("spark-worker.out"), "", WORKER_CLASS, cluster.masterUrl(),
          "--host", "127.0.0.1", "--cores", String.valueOf(workerCores), "--memory", workerMemory,
          "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString());
      cluster.await("the Spark worker to register (see " + logs + ")", cluster::workerAlive);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private Process launch(Path out, String extraJvmOptions, String mainClass, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(sparkHome.resolve("bin/spark-class").toString(), mainClass));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("SPARK_") || key.startsWith("LAKEWARD_"));
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    // A worker finds SPARK_HOME/jars for its executors only with the Scala version set.
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_DAEMON_MEMORY", "512m");
    // The Java 17 opens of this JVM: bin/spark-class of the assembled SPARK_HOME adds them too, a distribution's may not.
    String opens = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens")).collect(Collectors.joining(" "));
    env.put("SPARK_DAEMON_JAVA_OPTS", (opens + " " + extraJvmOptions).trim());
    return builder.start();
  }

  /** {@code spark://127.0.0.1:<port>}, to submit applications to. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's web UI; its state as JSON is under {@code /json/}. */
  public URI masterWebUi() {
    return URI.create("http://127.0.0.1:" + webUiPort + "/");
  }

  public Path sparkHome() {
    return sparkHome;
  }

  /** The directory given to {@link #start}: {@code logs/} with the master's and worker's output, {@code work/}. */
  public Path workDir() {
    return workDir;
  }

  public long masterPid() {
    return master.pid();
  }

  public long workerPid() {
    return worker.pid();
  }

  /** The master's state ({@code /json/}: workers, active and completed applications and drivers), if it answers. */
  public Optional<JsonNode> masterState() {
    HttpRequest request = HttpRequest.newBuilder(masterWebUi().resolve("json/")).timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The pids of the live executor JVMs that this cluster's worker launched. */
  public List<Long> executorPids() {
    return workerDescendants(EXECUTOR_CLASS);
  }

  /** The pids of the live driver JVMs that this cluster's worker launched (applications in cluster deploy mode). */
  public List<Long> driverPids() {
    return workerDescendants(DRIVER_WRAPPER_CLASS);
  }

  /**
   * Kills every live executor of the worker with SIGKILL, as a crash would, and waits until they are gone. The
   * master then launches replacements for applications that still run.
   *
   * @return the pids killed
   */
  public List<Long> killExecutors() throws InterruptedException {
    List<ProcessHandle> executors = worker.descendants().filter(process -> runs(process, EXECUTOR_CLASS)).toList();
    executors.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle executor : executors) {
      awaitExit(executor, STOP_TIMEOUT);
    }
    return executors.stream().map(ProcessHandle::pid).toList();
  }

  /** Stops the worker (SIGTERM, SIGKILL after 30 s), then whatever it launched that outlived it, then the master. */
  @Override
  public void close() throws InterruptedException {
    if (worker != null) {
      List<ProcessHandle> launched = worker.descendants().toList();
      stop(worker.toHandle());
      for (ProcessHandle process : launched) {
        stop(process);
      }
    }
    if (master != null) {
      stop(master.toHandle());
    }
  }

  private List<Long> workerDescendants(String mainClass) {
    return worker.descendants().filter(process -> runs(process, mainClass)).map(ProcessHandle::pid).toList();
  }

  private static boolean runs(ProcessHandle process, String mainClass) {
    if (!process.isAlive()) {
      return false;
    }
    ProcessHandle.Info info = process.info();
    String commandLine = info.commandLine()
        .or(() -> info.arguments().map(arguments -> String.join(" ", arguments)))
        .orElse("");
    return commandLine.contains(mainClass);
  }

  private boolean workerAlive() {
    return masterState().map(state -> {
      for (JsonNode worker : state.path("workers")) {
        if ("ALIVE".equals(worker.path("state").asText())) {
          return true;
        }
      }
      return false;
    }).orElse(false);
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (!master.isAlive() || (worker != null && !worker.isAlive())) {
        throw new IllegalStateException("Spark exited while waiting for " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out after " + START_TIMEOUT.toSeconds() + "s waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  private static void stop(ProcessHandle process) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!awaitExit(process, STOP_TIMEOUT)) {
      process.destroyForcibly();
      awaitExit(process, STOP_TIMEOUT);
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot wait for process " + process.pid(), e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
