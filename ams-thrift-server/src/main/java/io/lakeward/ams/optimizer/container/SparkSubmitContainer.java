package io.lakeward.ams.optimizer.container;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.config.SparkContainerConfig;
import io.lakeward.ams.optimizer.OptimizerApplication;
import io.lakeward.common.exceptions.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <spark-home>/bin/spark-submit} against a cluster manager (standalone, YARN, Kubernetes) in
 * client or cluster mode. spark-submit stays up as long as the application (in standalone cluster mode
 * the AMS asks it to wait for the driver), so its process is the AMS's handle on the application.
 * Killing a cluster-mode application also runs {@code spark-submit --kill <submission id>} where Spark
 * supports it (standalone, Kubernetes); on YARN only the local spark-submit is stopped.
 */
public final class SparkSubmitContainer extends ProcessContainer {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSubmitContainer.class);
  /** Standalone driver ids, YARN application ids, and Kubernetes submission ids as spark-submit prints them. */
  private static final Pattern SUBMISSION = Pattern.compile(
      "(driver-\\d{14}-\\d{4})|(application_\\d+_\\d+)|submission ID (\\S+:\\S+)");
  private static final int SCANNED_LOG_BYTES = 1 << 20;

  private final SparkContainerConfig config;
  private final Path home;

  public SparkSubmitContainer(SparkContainerConfig config, Path home) {
    this.config = requireNonNull(config, "config is null");
    this.home = requireNonNull(home, "home is null");
  }

  @Override
  public String name() {
    return OptimizerConfig.SPARK;
  }

  @Override
  public void checkUsable() {
    String missing = config.missingSetting();
    if (missing != null) {
      throw InvalidInputException.of("Invalid optimizer container spark: %s", missing);
    }
  }

  @Override
  public boolean stopsWithAms() {
    // A client-mode driver is a child of the AMS; a cluster-mode one lives in the cluster.
    return !config.clusterMode();
  }

  @Override
  protected List<String> command(LaunchRequest request) throws LaunchException {
    String missing = config.missingSetting();
    if (missing != null) {
      throw new LaunchException("Cannot launch an optimizer in the spark container: " + missing);
    }
    Path submit = checkedSparkSubmit();
    List<String> command = new ArrayList<>(List.of(submit.toString(), "--master", config.master(), "--deploy-mode",
        config.deployMode(), "--name", request.applicationName(), "--class", LaunchRequest.OPTIMIZER_MAIN_CLASS,
        "--driver-memory", megabytes(request.groupDriverMemory().orElse(config.driverMemory()))));
    command.addAll(confArguments(sparkConf(request)));
    command.add(optimizerJar());
    command.addAll(request.optimizerArguments());
    return command;
  }

  @Override
  protected void environment(LaunchRequest request, Map<String, String> environment) {
    sparkEnvironment(environment);
  }

  private void sparkEnvironment(Map<String, String> environment) {
    environment.put("SPARK_HOME", Paths.get(config.sparkHome()).toString());
  }

  /** Defaults that keep spark-submit's process the handle on the application, then container and group settings. */
  Map<String, String> sparkConf(LaunchRequest request) {
    Map<String, String> conf = new LinkedHashMap<>();
    if (standalone()) {
      // Without it a standalone application takes every core of the cluster.
      conf.put("spark.cores.max", String.valueOf(request.parallelism()));
      if (config.clusterMode()) {
        conf.put("spark.standalone.submit.waitAppCompletion", "true");
      }
    }
    if (config.clusterMode()) {
      // A cluster-mode driver is started by the cluster: it needs Spark's Java 17 options on its own line.
      conf.put("spark.driver.extraJavaOptions", String.join(" ", JavaOptions.ADD_OPENS));
    }
    conf.putAll(config.sparkConf());
    conf.putAll(request.sparkConf());
    return conf;
  }

  @Override
  public Optional<String> submissionId(OptimizerApplication application) {
    if (!config.clusterMode() || application.logPath() == null) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(Paths.get(application.logPath()))) {
      Matcher m = SUBMISSION.matcher(new String(in.readNBytes(SCANNED_LOG_BYTES), StandardCharsets.UTF_8));
      if (m.find()) {
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
      }
    } catch (IOException e) {
      // No log (yet): nothing learnt this time.
    }
    return Optional.empty();
  }

  @Override
  public void stop(OptimizerApplication application, LaunchedApplication handle, Duration grace) {
    if (config.clusterMode() && application.submissionId() != null && !config.master().startsWith("yarn")) {
      killSubmission(application, grace);
    } else if (config.clusterMode()) {
      LOG.warn("Optimizer application {} runs in cluster mode on {}: the AMS stops its spark-submit only{}",
          application.applicationId(), config.master(), application.sparkAppId() == null ? ""
              : "; stop the application itself with the cluster's tools (Spark application id "
                  + application.sparkAppId() + ")");
    }
    if (handle != null) {
      handle.terminate(grace);
    }
  }

  private void killSubmission(OptimizerApplication application, Duration grace) {
    List<String> kill = List.of(sparkSubmit().toString(), "--kill", application.submissionId(), "--master",
        config.master());
    ProcessBuilder builder = new ProcessBuilder(kill).redirectErrorStream(true);
    sparkEnvironment(builder.environment());
    if (application.logPath() != null) {
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(Paths.get(application.logPath()).toFile()));
    } else {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    try {
      Process process = builder.start();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        LOG.warn("spark-submit --kill {} did not finish within {}", application.submissionId(), grace);
      }
    } catch (IOException e) {
      LOG.warn("Cannot run spark-submit --kill {}: {}", application.submissionId(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean standalone() {
    return config.master().startsWith("spark://");
  }

  private Path sparkSubmit() {
    return Paths.get(config.sparkHome(), "bin", "spark-submit");
  }

  private Path checkedSparkSubmit() throws LaunchException {
    Path submit = sparkSubmit();
    if (!Files.isExecutable(submit)) {
      throw new LaunchException("Cannot launch an optimizer in the spark container: " + submit
          + " is missing or not executable (check containers.spark.spark-home)");
    }
    return submit;
  }

  /** The jar as spark-submit takes it; a local path must exist, a URI (hdfs://, local:) is taken as given. */
  private String optimizerJar() throws LaunchException {
    String jar = config.optimizerJar() != null ? config.optimizerJar()
        : home.resolve(LocalSparkContainer.DEFAULT_OPTIMIZER_JAR).toString();
    Matcher scheme = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):").matcher(jar);
    if (scheme.find() && !scheme.group(1).equals("file")) {
      return jar;
    }
    Path path = jar.startsWith("file:") ? Paths.get(URI.create(jar)) : home.resolve(jar);
    return existingFile(path, "the Spark optimizer jar", LocalSparkContainer.BUILD_HINT
        + ", or set containers.spark.optimizer-jar").toString();
  }
}
