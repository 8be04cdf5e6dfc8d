package io.lakeward.terminal.local;

import static java.util.Objects.requireNonNull;

import io.lakeward.common.config.Durations;
import io.lakeward.terminal.backend.TerminalException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark Thrift Server (HiveServer2 protocol) that the AMS runs as a child JVM on loopback, started
 * on first use and stopped with the AMS. Spark runs in a process of its own because Iceberg's Spark
 * runtime bundles Iceberg classes built against a relocated Jackson, which cannot share a JVM with the
 * AMS's own Iceberg. A server that died is started again on the next use.
 */
public final class LocalSparkThriftServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSparkThriftServer.class);
  private static final long POLL_MILLIS = 250;
  private static final long STOP_GRACE_SECONDS = 15;
  private static final int LOG_LINES_IN_ERRORS = 15;
  static final String BUILD_HINT = "build them with mvn -DskipTests -pl spark-home,terminal-spark -am package";

  private final LocalSparkSettings settings;
  // Volatile: close() stops a server that is still starting without waiting for the start's lock.
  private volatile Process process;
  private volatile boolean closed;
  private Path workDir;
  private int port;

  public LocalSparkThriftServer(LocalSparkSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  /**
   * The port of the running server, starting it first when it is not running; blocks for the start
   * (tens of seconds), at most the start timeout.
   *
   * @throws TerminalException when the server cannot start: jars missing, the process exited, or it
   *     did not listen within the start timeout (then it is stopped again); the message says which
   */
  public synchronized int ensureRunning() throws TerminalException {
    if (closed) {
      throw new TerminalException("The local Spark Thrift Server is stopped: the AMS is shutting down");
    }
    if (process != null && process.isAlive()) {
      return port;
    }
    if (process != null) {
      LOG.warn("The local Spark Thrift Server (pid {}) exited with code {}; starting a new one", process.pid(),
          process.exitValue());
      stopProcess();
    }
    start();
    return port;
  }

  /** True while the server process runs. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  private void start() throws TerminalException {
    requireJars(settings.sparkJars(), "Spark jars", "ams.terminal.local.spark-home");
    requireJars(settings.terminalJars(), "Spark Thrift Server jars", "ams.terminal.local.jars");
    long started = System.nanoTime();
    try {
      workDir = Files.createTempDirectory("lakeward-terminal-spark");
      Path properties = writeProperties(SparkServerCommand.sparkConf(settings, workDir));
      port = freePort();
      Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
      ProcessBuilder builder = new ProcessBuilder(SparkServerCommand.command(settings, properties, port))
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
      builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      builder.environment().put("SPARK_SCALA_VERSION", "2.12");
      process = builder.start();
    } catch (IOException e) {
      stopProcess();
      throw new TerminalException("Cannot start the local Spark Thrift Server: " + e.getMessage(), e);
    }
    LOG.info("Starting the local Spark Thrift Server (pid {}) on 127.0.0.1:{}, output in {}", process.pid(), port,
        settings.logFile());
    awaitListening(started);
    LOG.info("The local Spark Thrift Server (pid {}) is ready on 127.0.0.1:{} after {} s", process.pid(), port,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  private void awaitListening(long started) throws TerminalException {
    long deadline = started + settings.startTimeout().toNanos();
    while (!listening()) {
      if (closed) {
        stopProcess();
        throw new TerminalException("The local Spark Thrift Server is stopped: the AMS is shutting down");
      }
      try {
        // Waiting on the process ends the wait early when it exits.
        if (process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          int code = process.exitValue();
          String tail = logTail();
          stopProcess();
          throw new TerminalException("Cannot start the local Spark Thrift Server: it exited with code " + code
              + " (output in " + settings.logFile() + ")" + tail);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopProcess();
        throw new TerminalException("Cannot start the local Spark Thrift Server: interrupted");
      }
      if (System.nanoTime() > deadline) {
        String tail = logTail();
        stopProcess();
        throw new TerminalException("Cannot start the local Spark Thrift Server: not listening after "
            + Durations.format(settings.startTimeout()) + " (ams.terminal.local.start-timeout; output in "
            + settings.logFile() + ")" + tail);
      }
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) POLL_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Path writeProperties(Map<String, String> conf) throws IOException {
    Path file = workDir.resolve("spark-defaults.conf");
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Properties properties = new Properties();
    properties.putAll(conf);
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "Spark settings of the Lakeward terminal's local Spark Thrift Server");
    }
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void requireJars(Path folder, String what, String key) throws TerminalException {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
      if (jars.iterator().hasNext()) {
        return;
      }
    } catch (IOException e) {
      // Reported below: the folder is missing or unreadable.
    }
    throw new TerminalException("Cannot start the local Spark Thrift Server: no " + what + " in " + folder + " ("
        + BUILD_HINT + ", or set " + key + ")");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(settings.logFile(), StandardCharsets.UTF_8);
      List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size()));
      return tail.isEmpty() ? "" : "; last output:\n" + String.join("\n", tail);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private void stopProcess() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
          LOG.warn("The local Spark Thrift Server (pid {}) did not stop within {} s; killing it", process.pid(),
              STOP_GRACE_SECONDS);
          process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    process = null;
    deleteWorkDir();
  }

  private void deleteWorkDir() {
    if (workDir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", workDir, e.toString());
    }
    workDir = null;
  }

  /** Stops the server (SIGTERM, then SIGKILL after a grace period) and deletes its work directory. */
  @Override
  public void close() {
    closed = true;
    Process running = process;
    if (running != null) {
      LOG.info("Stopping the local Spark Thrift Server (pid {})", running.pid());
      // A start in progress sees the exit and gives up; then its lock is free for the clean-up.
      running.destroy();
    }
    synchronized (this) {
      stopProcess();
    }
  }
}
