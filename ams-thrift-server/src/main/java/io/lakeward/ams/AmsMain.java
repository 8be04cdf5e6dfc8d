package io.lakeward.ams;

import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.persistence.DatabaseUnavailableException;
import io.lakeward.common.config.ConfigException;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Starts the AMS from {@code $LAKEWARD_CONF_DIR/config.yaml} and runs until SIGTERM. Start-up
 * problems an admin can fix (bad configuration, unreachable database, busy port) end the process with
 * one line on stderr naming the problem, and exit code 2.
 */
public final class AmsMain {
  private static final Logger LOG = LoggerFactory.getLogger(AmsMain.class);
  static final int EXIT_STARTUP_FAILED = 2;
  static final Marker STARTUP_FAILURE = MarkerFactory.getMarker("STARTUP_FAILURE");

  private AmsMain() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    Path home = Paths.get(firstNonNull(System.getProperty("lakeward.home"), env.get("LAKEWARD_HOME"), ".")).toAbsolutePath().normalize();
    Path confDir = Paths.get(firstNonNull(env.get("LAKEWARD_CONF_DIR"), home.resolve("conf").toString()));
    Path pidDir = Paths.get(firstNonNull(env.get("LAKEWARD_PID_DIR"), home.resolve("run").toString()));
    Path configFile = confDir.resolve("config.yaml");
    // Embedded Derby writes its own log; keep it with ours instead of in the working directory.
    String logDir = firstNonNull(System.getProperty("lakeward.log.dir"), env.get("LAKEWARD_LOG_DIR"), home.resolve("logs").toString());
    if (System.getProperty("derby.stream.error.file") == null) {
      System.setProperty("derby.stream.error.file", Paths.get(logDir, "derby.log").toString());
    }

    AmsServer server;
    try {
      if (!Files.exists(configFile)) {
        LOG.warn("No configuration file at {}: using defaults", configFile);
      }
      LakewardConfig config = LakewardConfig.load(configFile, env);
      if (config.ams().usesDefaultAdminPassword()) {
        LOG.warn("ams.admin-password is the default 'admin': set it (or LAKEWARD_AMS_ADMIN_PASSWORD) before exposing the AMS");
      }
      server = AmsServer.start(config, new AmsPaths(home, Paths.get(logDir)), List.of());
    } catch (ConfigException | DatabaseUnavailableException e) {
      fail(e.getMessage(), e);
      return;
    } catch (Exception e) {
      BindException bind = cause(e, BindException.class);
      fail(bind != null ? "Cannot start the AMS: a port is already in use (" + bind.getMessage() + ")"
          : "Cannot start the AMS: " + e, e);
      return;
    }

    Path infoFile = pidDir.resolve("ams.ports");
    writeInfo(infoFile, server);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Shutdown requested");
      server.close();
      try {
        Files.deleteIfExists(infoFile);
      } catch (IOException e) {
        LOG.warn("Cannot remove {}: {}", infoFile, e.getMessage());
      }
      stopped.countDown();
    }, "ams-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writeInfo(Path file, AmsServer server) {
    // sbin/ams.sh status prints these; the bound ports may differ from config when it says 0.
    String info = "catalog-port=" + server.catalogPort() + "\noptimizing-port=" + server.optimizingPort()
        + "\nhttp-port=" + server.httpPort() + "\nversion=" + server.version() + "\n";
    try {
      Files.createDirectories(file.getParent());
      // Written aside and moved into place: whoever polls for the file never reads half of it.
      Path partial = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(partial, info, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("Cannot write {}: {}", file, e.getMessage());
    }
  }

  private static void fail(String message, Exception e) {
    // The full trace goes to the log file; conf/log4j2.xml keeps this marker off the console,
    // where the admin sees only the one line below.
    LOG.error(STARTUP_FAILURE, message, e);
    System.err.println("lakeward: " + message);
    System.exit(EXIT_STARTUP_FAILED);
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String firstNonNull(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
