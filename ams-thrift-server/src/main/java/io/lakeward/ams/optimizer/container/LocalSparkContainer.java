package io.lakeward.ams.optimizer.container;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.config.LocalContainerConfig;
import io.lakeward.ams.config.OptimizerConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded container: the Spark optimizer as a child JVM of the AMS, {@code --master
 * local[<parallelism>]}, run with the AMS's own Java straight through Spark's SparkSubmit class from
 * {@code <spark-home>/jars} (no Spark installation or scripts needed; the build assembles the jars).
 */
public final class LocalSparkContainer extends ProcessContainer {
  static final String SPARK_SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";
  /** Where the build puts Spark's jars and the optimizer application, relative to LAKEWARD_HOME. */
  public static final String DEFAULT_SPARK_HOME = "spark-home/target/spark-home";
  public static final String DEFAULT_OPTIMIZER_JAR = "spark-optimizer/target/lakeward-spark-optimizer.jar";
  static final String BUILD_HINT = "build it with sbin/ams.sh start or "
      + "mvn -DskipTests -pl spark-optimizer,spark-home -am package";

  private final LocalContainerConfig config;
  private final Path sparkHome;
  private final Path optimizerJar;

  public LocalSparkContainer(LocalContainerConfig config, Path home) {
    this.config = requireNonNull(config, "config is null");
    requireNonNull(home, "home is null");
    this.sparkHome = config.sparkHome() != null ? home.resolve(config.sparkHome()) : home.resolve(DEFAULT_SPARK_HOME);
    this.optimizerJar = config.optimizerJar() != null ? home.resolve(config.optimizerJar())
        : home.resolve(DEFAULT_OPTIMIZER_JAR);
  }

  @Override
  public String name() {
    return OptimizerConfig.LOCAL;
  }

  @Override
  public boolean stopsWithAms() {
    return true;
  }

  @Override
  protected List<String> command(LaunchRequest request) throws LaunchException {
    Path jars = sparkJars();
    Path jar = existingFile(optimizerJar, "the Spark optimizer jar", BUILD_HINT + ", or set containers.local.optimizer-jar");
    List<String> command = new ArrayList<>();
    command.add(JavaOptions.currentJava());
    command.addAll(JavaOptions.ADD_OPENS);
    command.add("-Xmx" + megabytes(request.groupDriverMemory().orElse(config.driverMemory())));
    command.add("-cp");
    command.add(jars.resolve("*").toString());
    command.add(SPARK_SUBMIT_CLASS);
    command.add("--master");
    command.add("local[" + request.parallelism() + "]");
    command.add("--name");
    command.add(request.applicationName());
    command.add("--class");
    command.add(LaunchRequest.OPTIMIZER_MAIN_CLASS);
    command.addAll(confArguments(sparkConf(request)));
    command.add(jar.toString());
    command.addAll(request.optimizerArguments());
    return command;
  }

  @Override
  protected void environment(LaunchRequest request, Map<String, String> environment) {
    environment.put("SPARK_HOME", sparkHome.toString());
  }

  /** Defaults for a driver on the AMS host, then the container's settings, then the group's. */
  private Map<String, String> sparkConf(LaunchRequest request) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.ui.enabled", "false");
    conf.putAll(config.sparkConf());
    conf.putAll(request.sparkConf());
    return conf;
  }

  private Path sparkJars() throws LaunchException {
    Path jars = sparkHome.resolve("jars");
    try (DirectoryStream<Path> found = Files.newDirectoryStream(jars, "*.jar")) {
      if (found.iterator().hasNext()) {
        return jars;
      }
    } catch (IOException e) {
      // Reported below: the directory is missing or unreadable.
    }
    throw new LaunchException("Cannot launch an optimizer: no Spark jars in " + jars + " (" + BUILD_HINT
        + ", or set containers.local.spark-home)");
  }
}
