package io.lakeward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Configuration and REST calls of the tests where the AMS launches Spark optimizers itself. */
final class SparkContainers {
  static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();
  static final Path SPARK_HOME = REPO.resolve("spark-home/target/spark-home");
  static final Path OPTIMIZER_JAR = REPO.resolve("spark-optimizer/target/lakeward-spark-optimizer.jar");
  /** Short cadences (as OptimizingHarness.FAST_AMS_YAML) and container checks every second. */
  static final String AMS_YAML = "  optimizer:\n    heartbeat-interval: 1s\n    heartbeat-timeout: 6s\n"
      + "    task-ack-timeout: 20s\n    default-container: external\n    container-check-interval: 1s\n"
      + "    launch-backoff: 2s\n  self-optimizing:\n    evaluation-interval: 1s\n    planning-interval: 1s\n"
      + "    supervision-interval: 1s\n  catalog:\n    scan-interval: 1s\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkContainers() {
  }

  static String localContainerYaml() {
    assertThat(OPTIMIZER_JAR).as("spark-optimizer must be packaged first").exists();
    assertThat(SPARK_HOME.resolve("jars")).as("spark-home must be packaged first").exists();
    return "containers:\n  local:\n    spark-home: " + SPARK_HOME + "\n    optimizer-jar: " + OPTIMIZER_JAR + "\n"
        + "    driver-memory: 768MB\n    spark-conf:\n      spark.ui.enabled: \"false\"\n";
  }

  static String sparkContainerYaml(String master) {
    assertThat(OPTIMIZER_JAR).as("spark-optimizer must be packaged first").exists();
    return "containers:\n  spark:\n    spark-home: " + SPARK_HOME + "\n    master: " + master + "\n"
        + "    deploy-mode: client\n    optimizer-jar: " + OPTIMIZER_JAR + "\n    driver-memory: 512MB\n"
        + "    spark-conf:\n      spark.executor.memory: 512m\n      spark.driver.host: 127.0.0.1\n"
        + "      spark.ui.enabled: \"false\"\n";
  }

  static void createGroup(AmsProcess ams, String name, String container, String properties) throws Exception {
    HttpResponse<String> response = ams.admin("POST", "/api/ams/v1/optimizer-groups",
        "{\"name\":\"" + name + "\",\"container\":\"" + container + "\",\"properties\":{" + properties + "}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** The applications the AMS launched for the group, newest first. */
  static JsonNode applications(AmsProcess ams, String group) throws Exception {
    HttpResponse<String> response = ams.admin("GET", "/api/ams/v1/optimizer-applications?group=" + group, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
