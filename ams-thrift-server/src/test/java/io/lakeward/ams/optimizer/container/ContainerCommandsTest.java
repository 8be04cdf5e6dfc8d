package io.lakeward.ams.optimizer.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.ams.config.ContainersConfig;
import io.lakeward.ams.config.LocalContainerConfig;
import io.lakeward.ams.config.SparkContainerConfig;
import io.lakeward.common.config.DataSize;
import io.lakeward.common.exceptions.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines the built-in containers run: the contract with the Spark optimizer application. */
class ContainerCommandsTest {
  @TempDir
  Path home;

  @Test
  void theOptimizerGetsItsArgumentsAfterTheJar() {
    assertThat(request(3, Map.of(), null).optimizerArguments()).containsExactly("--ams", "thrift://ams:1261",
        "--group", "nightly batch", "--parallelism", "3", "--heartbeat-interval", "10s", "--idle-exit-seconds", "300",
        "--resource-id", "lakeward-app-42", "--grace-period", "20s");
    assertThat(new LaunchRequest(1, "r", "g", 1, 0, "thrift://a:1", Duration.ofMillis(1500), null, null, home,
        Duration.ofSeconds(20))
        .optimizerArguments()).containsSequence("--heartbeat-interval", "1500ms");
    assertThat(request(3, Map.of(), null).applicationName()).isEqualTo("lakeward-optimizer-nightly_batch-42");
  }

  @Test
  void localRunsSparkSubmitInAChildJvmFromTheBuiltJars() throws Exception {
    Path jars = Files.createDirectories(home.resolve("spark-home/target/spark-home/jars"));
    Files.writeString(jars.resolve("spark-core_2.12-3.5.4.jar"), "");
    Path jar = Files.createDirectories(home.resolve("spark-optimizer/target")).resolve("lakeward-spark-optimizer.jar");
    Files.writeString(jar, "");
    LocalSparkContainer local = new LocalSparkContainer(new LocalContainerConfig(null, null, null,
        Map.of("spark.sql.shuffle.partitions", "4", "spark.ui.enabled", "true")), home);
    List<String> expected = new ArrayList<>();
    expected.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    expected.addAll(JavaOptions.ADD_OPENS);
    expected.addAll(List.of("-Xmx512m", "-cp", jars.resolve("*").toString(), "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[3]", "--name", "lakeward-optimizer-nightly_batch-42",
        "--class", "io.lakeward.optimizer.spark.SparkOptimizer",
        "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.sql.shuffle.partitions=8", "--conf", "spark.ui.enabled=true", jar.toString()));
    expected.addAll(request(3, Map.of(), null).optimizerArguments());
    // The group's settings override the container's, which override the defaults.
    assertThat(local.command(request(3, Map.of("spark.sql.shuffle.partitions", "8"), DataSize.ofMegabytes(512))))
        .containsExactlyElementsOf(expected);
    assertThat(local.command(request(1, Map.of(), null))).contains("-Xmx1024m", "local[1]");
    assertThat(local.stopsWithAms()).isTrue();
  }

  @Test
  void localRefusesToLaunchWithoutSparkJarsOrTheOptimizerJar() throws Exception {
    LocalSparkContainer local = new LocalSparkContainer(LocalContainerConfig.defaults(), home);
    assertThatThrownBy(() -> local.command(request(1, Map.of(), null))).isInstanceOf(LaunchException.class)
        .hasMessageStartingWith("Cannot launch an optimizer: no Spark jars in " + home.resolve("spark-home/target/spark-home/jars"))
        .hasMessageContaining("containers.local.spark-home");
    Path jars = Files.createDirectories(home.resolve("spark-home/target/spark-home/jars"));
    Files.writeString(jars.resolve("a.jar"), "");
    assertThatThrownBy(() -> local.command(request(1, Map.of(), null))).isInstanceOf(LaunchException.class)
        .hasMessageContaining("the Spark optimizer jar not found at "
            + home.resolve("spark-optimizer/target/lakeward-spark-optimizer.jar"));
  }

  @Test
  void sparkSubmitsToTheMasterWithSettingsThatKeepSparkSubmitTheHandle() throws Exception {
    Path sparkHome = sparkHome();
    Files.writeString(home.resolve("optimizer.jar"), "");
    SparkSubmitContainer cluster = new SparkSubmitContainer(new SparkContainerConfig(sparkHome.toString(),
        "spark://m:7077", "cluster", "optimizer.jar", DataSize.ofMegabytes(2048),
        Map.of("spark.executor.memory", "2g", "spark.cores.max", "16")), home);
    List<String> command = cluster.command(request(3, Map.of("spark.executor.memory", "6g"), null));
    assertThat(command.subList(0, 13)).containsExactly(sparkHome.resolve("bin/spark-submit").toString(),
        "--master", "spark://m:7077", "--deploy-mode", "cluster", "--name", "lakeward-optimizer-nightly_batch-42",
        "--class", "io.lakeward.optimizer.spark.SparkOptimizer", "--driver-memory", "2048m", "--conf",
        "spark.cores.max=16");
    assertThat(command).containsSequence("--conf", "spark.driver.extraJavaOptions=" + String.join(" ", JavaOptions.ADD_OPENS))
        .containsSequence("--conf", "spark.executor.memory=6g")
        .containsSequence("--conf", "spark.standalone.submit.waitAppCompletion=true")
        .containsSequence(home.resolve("optimizer.jar").toString(), "--ams");
    assertThat(cluster.stopsWithAms()).as("the driver lives in the cluster").isFalse();

    SparkSubmitContainer yarn = new SparkSubmitContainer(new SparkContainerConfig(sparkHome.toString(), "yarn", null,
        "hdfs:///lakeward/optimizer.jar", null, null), home);
    List<String> client = yarn.command(request(2, Map.of(), null));
    assertThat(client).containsSequence("--deploy-mode", "client").containsSequence("--driver-memory", "1024m")
        .contains("hdfs:///lakeward/optimizer.jar").noneMatch(a -> a.startsWith("spark.cores.max")
            || a.startsWith("spark.driver.extraJavaOptions"));
    assertThat(yarn.stopsWithAms()).isTrue();
  }

  @Test
  void sparkNeedsItsConfigurationAndAnExecutableSparkSubmit() throws Exception {
    OptimizerContainers containers = OptimizerContainers.of(ContainersConfig.defaults(), home, List.of());
    assertThatThrownBy(() -> containers.checkUsable("spark")).isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid optimizer container spark: containers.spark.spark-home is not set in config.yaml");
    assertThat(containers.checkUsable("local").name()).isEqualTo("local");
    assertThat(containers.checkUsable("external").launches()).isFalse();
    SparkSubmitContainer noSubmit = new SparkSubmitContainer(new SparkContainerConfig(home.toString(), "yarn", null, null,
        null, null), home);
    assertThatThrownBy(() -> noSubmit.command(request(1, Map.of(), null))).isInstanceOf(LaunchException.class)
        .hasMessage("Cannot launch an optimizer in the spark container: " + home.resolve("bin/spark-submit")
            + " is missing or not executable (check containers.spark.spark-home)");
  }

  @Test
  void secretSparkSettingsAreMaskedInTheLoggedCommand() {
    assertThat(ProcessContainer.printable(List.of("spark-submit", "--conf", "spark.hadoop.fs.s3a.secret.key=abc",
        "--conf", "spark.executor.memory=2g"))).isEqualTo("spark-submit --conf "
        + "spark.hadoop.fs.s3a.secret.key=*********(redacted) --conf spark.executor.memory=2g");
  }

  private Path sparkHome() throws Exception {
    Path submit = Files.createDirectories(home.resolve("spark/bin")).resolve("spark-submit");
    Files.writeString(submit, "#!/bin/sh\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home.resolve("spark");
  }

  private LaunchRequest request(int parallelism, Map<String, String> sparkConf, DataSize memory) {
    return new LaunchRequest(42, "lakeward-app-42", "nightly batch", parallelism, 300, "thrift://ams:1261",
        Duration.ofSeconds(10), memory, sparkConf, home.resolve("logs/app.log"), Duration.ofSeconds(20));
  }
}
