package io.lakeward.ams.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeward.ams.config.ContainersConfig;
import io.lakeward.ams.config.LocalContainerConfig;
import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.config.SparkContainerConfig;
import io.lakeward.ams.testing.FakeOptimizer;
import io.lakeward.ams.testing.FakeOptimizerContainer;
import io.lakeward.ams.testing.Poll;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.common.thrift.ThriftClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Optimizer containers in a real AMS, with real child processes as the applications: a test-only
 * container runs {@link FakeOptimizer} (a JVM that registers over Thrift with the resource id it was
 * given, heartbeats and exits when idle), the spark container runs a stand-in bin/spark-submit from a
 * configured spark-home, and the local container is given a jar that does not exist.
 */
class OptimizerApplicationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "id", Types.LongType.get()),
      Types.NestedField.required(2, "region", Types.StringType.get()));
  private static final String APPS = "/api/ams/v1/optimizer-applications";
  private static final String GROUPS = "/api/ams/v1/optimizer-groups";
  private static final String DRIVER_ID = "driver-20240101123456-0042";

  private static Path home;
  private static Path missingJar;
  private static TestAms ams;
  private static RESTCatalog client;
  private static final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("lakeward-apps");
    Path localSpark = Files.createDirectories(home.resolve("local-spark/jars"));
    Files.writeString(localSpark.resolve("spark-core.jar"), "not really a jar");
    missingJar = home.resolve("missing/lakeward-spark-optimizer.jar");
    Path fakeSpark = fakeSparkHome(home.resolve("fake-spark"));
    Path optimizerJar = Files.writeString(home.resolve("optimizer.jar"), "stand-in");
    ContainersConfig containers = new ContainersConfig(
        new LocalContainerConfig(localSpark.getParent().toString(), missingJar.toString(), null, null),
        new SparkContainerConfig(fakeSpark.toString(), "spark://127.0.0.1:7077", "cluster", optimizerJar.toString(),
            null, null));
    OptimizerConfig t = TestAms.optimizerConfig();
    OptimizerConfig optimizer = new OptimizerConfig(t.heartbeatInterval(), t.heartbeatTimeout(), t.taskAckTimeout(),
        t.taskExecuteTimeout(), "default", OptimizerConfig.EXTERNAL, Duration.ofMillis(300), Duration.ofSeconds(20),
        Duration.ofSeconds(5), Duration.ofSeconds(3));
    ams = TestAms.start(TestAms.config(TestAms.derby(home), optimizer, containers), home,
        List.of(new FakeOptimizerContainer("fake", true)));
    ams.createInternalCatalog("lake", home.resolve("warehouse"));
    client = ams.icebergRestClient("lake");
    client.createNamespace(Namespace.of("apps"));
  }

  @AfterAll
  static void stop() throws Exception {
    heartbeats.shutdownNow();
    // Spark cluster-mode applications outlive the AMS by design: kill what is left before closing.
    for (JsonNode app : ams.rest().get(APPS).json()) {
      if (isLive(app)) {
        ams.rest().admin("POST", APPS + "/" + app.get("id").asLong() + "/kill", null);
      }
    }
    client.close();
    ams.close();
  }

  @Test
  void anOnDemandApplicationServesPendingWorkAndIsRecordedWhenItExitsIdle() throws Exception {
    createGroup("od", "fake", Map.of("parallelism", "2", "max-parallelism", "4", "idle-exit", "3s"));
    Table table = pendingTable("od_table", "od");
    JsonNode running = Poll.untilJson(() -> newest("od"), a -> a != null && status(a).equals("RUNNING"), 60);
    assertThat(running.get("reason").asText()).isEqualTo("ON_DEMAND");
    assertThat(running.get("container").asText()).isEqualTo("fake");
    assertThat(running.get("parallelism").asInt()).isEqualTo(2);
    assertThat(running.get("idle-exit-seconds").asLong()).isEqualTo(3);
    String resourceId = running.get("resource-id").asText();
    assertThat(running.get("spark-app-id").asText()).isEqualTo("fake-" + resourceId);
    assertThat(ams.rest().get("/api/ams/v1/optimizers").json().findValuesAsText("resource-id")).contains(resourceId);
    // With an optimizer registered the group is planned; the application takes no task and idles out.
    Poll.untilJson(() -> ams.rest().get(tablePath(table) + "/processes").json(), p -> p.size() > 0, 30);

    long id = running.get("id").asLong();
    JsonNode exited = Poll.untilJson(() -> {
      assertThat(group("od").get("launch").get("live-slots").asInt()).as("max-parallelism").isLessThanOrEqualTo(4);
      return app(id);
    }, a -> !isLive(a), 60);
    assertThat(status(exited)).isEqualTo("EXITED");
    assertThat(exited.get("exit-code").asInt()).isZero();
    assertThat(exited.get("message").asText()).isEqualTo("exited");
    assertThat(exited.get("ended-at").asLong() - exited.get("started-at").asLong()).isGreaterThanOrEqualTo(3000);
    assertThat(Files.readString(Path.of(exited.get("log").asText())))
        .contains("launching: ").contains("fake optimizer " + resourceId + " of group od starting")
        .contains("idle for 3000 ms: exiting");
    stopLaunching("od");
  }

  @Test
  void aFullOptimizingCronOnAHealthyTableLaunchesAnApplicationForItsWindow() throws Exception {
    createGroup("nightly", "fake", Map.of("idle-exit", "2s"));
    Table table = client.createTable(TableIdentifier.of("apps", "nightly_table"), SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("format-version", "2", "self-optimizing.group", "nightly"));
    table.newFastAppend().appendFile(DataFiles.builder(table.spec()).withPath(table.location() + "/data/"
        + UUID.randomUUID() + ".parquet").withFileSizeInBytes(1000).withRecordCount(1).build()).commit();
    Poll.untilJson(() -> ams.rest().get(tablePath(table)).json(), r -> r.get("status").asText().equals("IDLE"), 30);
    assertThat(ams.rest().get(APPS + "?group=nightly").json()).as("nothing to do, nothing launched").isEmpty();

    // The cron requests FULL optimizing: the table is pending work, and its group has nobody to run it.
    table.updateProperties().set("self-optimizing.full.trigger.cron", "0/1 * * * * ?").commit();
    JsonNode app = Poll.untilJson(() -> newest("nightly"), a -> a != null && status(a).equals("RUNNING"), 60);
    assertThat(app.get("reason").asText()).isEqualTo("ON_DEMAND");
    JsonNode process = Poll.untilJson(() -> ams.rest().get(tablePath(table) + "/processes").json(), p -> p.size() > 0, 30)
        .get(0);
    assertThat(process.get("type").asText()).isEqualTo("FULL");
    table.updateProperties().remove("self-optimizing.full.trigger.cron").commit();
    stopLaunching("nightly");
  }

  @Test
  void noApplicationIsLaunchedWhileARegisteredOptimizerServesTheGroup() throws Exception {
    createGroup("served", "fake", Map.of());
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), Duration.ofSeconds(30))) {
      String token = connection.client().registerOptimizer(new OptimizerRegisterInfo().setGroup("served")
          .setThreadCount(1)).getToken();
      var beating = heartbeats.scheduleAtFixedRate(() -> heartbeat(token), 0, 500, TimeUnit.MILLISECONDS);
      Table table = pendingTable("served_table", "served");
      Poll.untilJson(() -> ams.rest().get(tablePath(table)).json(),
          r -> r.get("status").asText().equals("MINOR_OPTIMIZING"), 30);
      // Planned tasks wait for a thread: pending work. The next reviews see the optimizer and launch nothing.
      long planned = System.currentTimeMillis();
      JsonNode launch = Poll.untilJson(() -> group("served").get("launch"), l -> l.get("checked-at").asLong() > planned + 1000,
          30);
      assertThat(launch.get("decision").asText()).isEqualTo("1 optimizer(s) registered in the group");
      assertThat(ams.rest().get(APPS + "?group=served").json()).isEmpty();
      stopLaunching("served");
      beating.cancel(false);
    }
  }

  @Test
  void aResidentApplicationKeepsMinParallelismAndIsReplacedAfterAKill() throws Exception {
    createGroup("resident", "fake", Map.of("min-parallelism", "3", "max-parallelism", "4", "parallelism", "1"));
    JsonNode first = Poll.untilJson(() -> newest("resident"), a -> a != null && status(a).equals("RUNNING"), 60);
    assertThat(first.get("reason").asText()).isEqualTo("RESIDENT");
    assertThat(first.get("parallelism").asInt()).isEqualTo(3);
    assertThat(first.get("idle-exit-seconds").asLong()).as("never idles out").isZero();
    assertThat(group("resident").get("launch").get("live-slots").asInt()).isEqualTo(3);

    long id = first.get("id").asLong();
    RestClient.Answer killed = ams.rest().admin("POST", APPS + "/" + id + "/kill", null);
    assertThat(killed.status()).as(killed.body()).isEqualTo(200);
    assertThat(status(killed.json())).isEqualTo("KILLED");
    assertThat(killed.json().get("message").asText()).isEqualTo("killed through the REST API");
    assertThat(ams.rest().admin("POST", APPS + "/" + id + "/kill", null).status()).as("ends once").isEqualTo(409);
    assertThat(ams.rest().admin("POST", APPS + "/42/kill", null).status()).isEqualTo(404);
    assertThat(ams.rest().admin("POST", APPS + "/abc/kill", null).status()).isEqualTo(400);
    assertThat(ams.rest().send("POST", APPS + "/" + id + "/kill", null, null, null).status()).isEqualTo(401);

    JsonNode second = Poll.untilJson(() -> {
      assertThat(group("resident").get("launch").get("live-slots").asInt()).as("max-parallelism").isLessThanOrEqualTo(4);
      return newest("resident");
    }, a -> a.get("id").asLong() != id && status(a).equals("RUNNING"), 60);
    assertThat(second.get("reason").asText()).isEqualTo("RESIDENT");
    assertThat(second.get("parallelism").asInt()).isEqualTo(3);
    JsonNode stopped = Poll.untilJson(() -> app(id), a -> !a.get("exit-code").isNull(), 30);
    assertThat(stopped.get("exit-code").asInt()).as("the optimizer exits 0 on SIGTERM").isZero();
    assertThat(ProcessHandle.of(stopped.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    stopLaunching("resident");
    ams.rest().admin("POST", APPS + "/" + second.get("id").asLong() + "/kill", null);
  }

  @Test
  void anAdminLaunchRespectsMaxParallelism() throws Exception {
    createGroup("capped", "fake", Map.of("max-parallelism", "3", "parallelism", "2", "idle-exit", "1min"));
    RestClient.Answer first = ams.rest().admin("POST", GROUPS + "/capped/launch", null);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.json().get("reason").asText()).isEqualTo("MANUAL");
    assertThat(first.json().get("parallelism").asInt()).isEqualTo(2);
    assertThat(first.json().get("idle-exit-seconds").asLong()).isEqualTo(60);
    RestClient.Answer second = ams.rest().admin("POST", GROUPS + "/capped/launch", "{\"parallelism\": 5}");
    assertThat(second.status()).as(second.body()).isEqualTo(201);
    assertThat(second.json().get("parallelism").asInt()).as("only one slot is left").isEqualTo(1);
    RestClient.Answer third = ams.rest().admin("POST", GROUPS + "/capped/launch", null);
    assertThat(third.status()).isEqualTo(409);
    assertThat(third.json().get("message").asText()).contains("max-parallelism 3");
    assertThat(group("capped").get("launch").get("live-slots").asInt()).isEqualTo(3);

    assertThat(ams.rest().admin("POST", GROUPS + "/default/launch", null).json().get("message").asText())
        .contains("container external launches nothing");
    assertThat(ams.rest().admin("POST", GROUPS + "/nope/launch", null).status()).isEqualTo(404);
    assertThat(ams.rest().admin("POST", GROUPS + "/capped/launch", "{\"parallelism\": 0}").status()).isEqualTo(400);
    assertThat(ams.rest().send("POST", GROUPS + "/capped/launch", null, null, null).status()).isEqualTo(401);
    RestClient.Answer busy = ams.rest().admin("DELETE", GROUPS + "/capped", null);
    assertThat(busy.status()).isEqualTo(409);
    assertThat(busy.json().get("message").asText()).contains("optimizer applications launched for it are live");

    for (RestClient.Answer launched : List.of(first, second)) {
      long id = launched.json().get("id").asLong();
      assertThat(ams.rest().admin("POST", APPS + "/" + id + "/kill", null).status()).isEqualTo(200);
      Poll.untilJson(() -> app(id), a -> !a.get("exit-code").isNull(), 30);
    }
    // Killed applications no longer hold their slots once their processes are gone.
    Poll.until(() -> group("capped").get("launch").get("live-slots").asInt(), 0, 30, "live slots");
    Poll.until(() -> ams.rest().admin("DELETE", GROUPS + "/capped", null).status(), 204, 30, "removal");
  }

  @Test
  void aFailingApplicationIsRecordedWithItsOutputAndTheGroupBacksOff() throws Exception {
    createGroup("crashing", "fake", Map.of("parallelism", "1", "spark-conf.spark.lakeward.test.exit-code", "3"));
    pendingTable("crash_table", "crashing");
    JsonNode apps = Poll.untilJson(() -> ams.rest().get(APPS + "?group=crashing").json(),
        a -> a.size() >= 2 && !isLive(a.get(0)), 90);
    stopLaunching("crashing");
    JsonNode second = apps.get(0);
    JsonNode first = apps.get(1);
    for (JsonNode failed : List.of(first, second)) {
      assertThat(status(failed)).isEqualTo("FAILED");
      assertThat(failed.get("exit-code").asInt()).isEqualTo(3);
      assertThat(failed.get("message").asText()).startsWith("exited with code 3; last output: ")
          .contains("fake optimizer failing on purpose").contains("(log: " + failed.get("log").asText() + ")");
    }
    assertThat(second.get("started-at").asLong() - first.get("ended-at").asLong())
        .as("the first failure holds the next launch off for launch-backoff (3s)").isGreaterThanOrEqualTo(3000);
    JsonNode launch = group("crashing").get("launch");
    assertThat(launch.get("last-failure").get("id").asLong()).isEqualTo(second.get("id").asLong());
    assertThat(launch.get("backoff-until").asLong()).as("doubled after the second failure in a row")
        .isEqualTo(second.get("ended-at").asLong() + 6000);
    assertThat(ams.rest().get("/api/ams/v1/health").status()).isEqualTo(200);
  }

  @Test
  void anApplicationThatNeverRegistersIsStoppedAfterTheStartTimeout() throws Exception {
    createGroup("silent", "fake", Map.of("spark-conf.spark.lakeward.test.register", "false", "idle-exit", "1min"));
    RestClient.Answer launched = ams.rest().admin("POST", GROUPS + "/silent/launch", null);
    assertThat(launched.status()).as(launched.body()).isEqualTo(201);
    assertThat(status(launched.json())).isEqualTo("STARTING");
    long id = launched.json().get("id").asLong();
    JsonNode failed = Poll.untilJson(() -> app(id), a -> !a.get("exit-code").isNull(), 60);
    assertThat(status(failed)).isEqualTo("FAILED");
    assertThat(failed.get("message").asText()).startsWith("did not register with the AMS within 20s; stopped (log: ");
    assertThat(failed.get("ended-at").asLong() - failed.get("started-at").asLong()).isGreaterThanOrEqualTo(20000);
    assertThat(ProcessHandle.of(failed.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    stopLaunching("silent");
  }

  @Test
  void aLocalLaunchThatCannotStartIsRecordedFailedAndTheAmsKeepsServing() throws Exception {
    createGroup("local-broken", "local", Map.of());
    RestClient.Answer launched = ams.rest().admin("POST", GROUPS + "/local-broken/launch", null);
    assertThat(launched.status()).as(launched.body()).isEqualTo(201);
    assertThat(status(launched.json())).isEqualTo("FAILED");
    assertThat(launched.json().get("message").asText())
        .isEqualTo("Cannot launch an optimizer: the Spark optimizer jar not found at " + missingJar
            + " (build it with sbin/ams.sh start or mvn -DskipTests -pl spark-optimizer,spark-home -am package, "
            + "or set containers.local.optimizer-jar)");
    assertThat(launched.json().get("pid").isNull()).isTrue();
    JsonNode launch = group("local-broken").get("launch");
    assertThat(launch.get("last-failure").get("id").asLong()).isEqualTo(launched.json().get("id").asLong());
    assertThat(launch.get("backoff-until").isNull()).isFalse();
    assertThat(ams.rest().get("/api/ams/v1/health").status()).isEqualTo(200);
    stopLaunching("local-broken");
  }

  @Test
  void badGroupSettingsAreRefusedNamingTheProperty() {
    assertRefused(Map.of("max-parallelism", "-1"), "Invalid optimizer group property max-parallelism: -1 is out of range");
    assertRefused(Map.of("min-parallelism", "5", "max-parallelism", "2"),
        "Invalid optimizer group property min-parallelism: 5 exceeds max-parallelism (2)");
    assertRefused(Map.of("parallelism", "two"), "Invalid optimizer group property parallelism: 'two' is not a whole number");
    assertRefused(Map.of("parallelism", "0"), "Invalid optimizer group property parallelism: 0 is out of range 1-4096");
    assertRefused(Map.of("idle-exit", "soon"), "Invalid optimizer group property idle-exit: 'soon' is not a duration");
    assertRefused(Map.of("idle-exit", "10ms"), "Invalid optimizer group property idle-exit: must be at least 1s");
    assertRefused(Map.of("driver-memory", "huge"), "Invalid optimizer group property driver-memory: 'huge' is not a size");
    assertRefused(Map.of("spark-conf.executor.memory", "2g"),
        "Invalid optimizer group property spark-conf.executor.memory: 'executor.memory' is not a Spark setting");
    assertRefused(Map.of("memroy", "2g"), "Invalid optimizer group property memroy: unknown property");
    RestClient.Answer yarn = ams.rest().admin("POST", GROUPS, "{\"name\": \"bad\", \"container\": \"yarn\"}");
    assertThat(yarn.status()).isEqualTo(400);
    assertThat(yarn.json().get("message").asText()).contains("Invalid optimizer container: yarn (supported: [external, fake, local, spark])");

    createGroup("kept-settings", "fake", Map.of("max-parallelism", "2"));
    RestClient.Answer put = ams.rest().admin("PUT", GROUPS + "/kept-settings",
        "{\"properties\": {\"max-parallelism\": \"lots\"}}");
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.json().get("message").asText()).contains("max-parallelism");
    assertThat(group("kept-settings").get("properties").get("max-parallelism").asText()).isEqualTo("2");
    assertThat(group("kept-settings").get("launch").get("max-parallelism").asInt()).isEqualTo(2);
  }

  @Test
  void theSparkContainerSubmitsCapturesTheDriverIdAndKillsTheDriver() throws Exception {
    createGroup("on-spark", "spark", Map.of("parallelism", "2", "idle-exit", "1min", "driver-memory", "256MB",
        "spark-conf.spark.executor.memory", "3g"));
    RestClient.Answer launched = ams.rest().admin("POST", GROUPS + "/on-spark/launch", null);
    assertThat(launched.status()).as(launched.body()).isEqualTo(201);
    long id = launched.json().get("id").asLong();
    JsonNode running = Poll.untilJson(() -> app(id), a -> status(a).equals("RUNNING") && !a.get("submission-id").isNull(), 60);
    assertThat(running.get("submission-id").asText()).isEqualTo(DRIVER_ID);
    assertThat(Files.readString(Path.of(running.get("log").asText())))
        .contains("--master spark://127.0.0.1:7077 --deploy-mode cluster --name lakeward-optimizer-on-spark-" + id)
        .contains("--driver-memory 256m")
        .contains("--conf spark.cores.max=2")
        .contains("--conf spark.executor.memory=3g")
        .contains("--conf spark.standalone.submit.waitAppCompletion=true")
        .contains("--class io.lakeward.optimizer.spark.SparkOptimizer")
        .contains("--resource-id " + running.get("resource-id").asText());

    assertThat(status(ams.rest().admin("POST", APPS + "/" + id + "/kill", null).json())).isEqualTo("KILLED");
    Poll.until(() -> kills().contains("kill " + DRIVER_ID + " spark://127.0.0.1:7077"), true, 30, "spark-submit --kill");
    JsonNode killed = Poll.untilJson(() -> app(id), a -> !a.get("exit-code").isNull(), 30);
    assertThat(ProcessHandle.of(killed.get("pid").asLong()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void aLaunchCronLaunchesAnApplicationWithoutPendingWorkAndABadOneIsRefused() throws Exception {
    assertRefused(Map.of("launch-cron", "every night"), "Invalid optimizer group property launch-cron");
    // Every other second: no table of this group needs optimizing, so only the cron can launch.
    createGroup("windowed", "fake", Map.of("parallelism", "1", "max-parallelism", "1", "idle-exit", "2s",
        "launch-cron", "*/2 * * * * ?"));
    JsonNode launched = Poll.untilJson(() -> newest("windowed"), a -> a != null, 60);
    assertThat(launched.get("reason").asText()).isEqualTo("SCHEDULED");
    assertThat(launched.get("parallelism").asInt()).isEqualTo(1);
    assertThat(launched.get("idle-exit-seconds").asLong()).isEqualTo(2);
    // Fires while the first one runs launch nothing (max-parallelism 1); once it idled out, a later fire
    // launches the next one: optimizing as periodic applications.
    long first = launched.get("id").asLong();
    JsonNode second = Poll.untilJson(() -> {
      assertThat(liveApps("windowed")).as("live applications").isLessThanOrEqualTo(1);
      return newest("windowed");
    }, a -> a.get("id").asLong() != first, 60);
    assertThat(second.get("reason").asText()).isEqualTo("SCHEDULED");
    assertThat(isLive(app(first))).as("the first one had exited").isFalse();
    stopLaunching("windowed");
  }

  private static long liveApps(String group) {
    long live = 0;
    for (JsonNode app : ams.rest().get(APPS + "?group=" + group).json()) {
      live += isLive(app) ? 1 : 0;
    }
    return live;
  }

  private static void assertRefused(Map<String, String> properties, String message) {
    String name = "bad-" + UUID.randomUUID().toString().substring(0, 8);
    RestClient.Answer answer = ams.rest().admin("POST", GROUPS, body(name, "fake", properties));
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().get("message").asText()).startsWith(message);
    assertThat(ams.rest().get(GROUPS + "/" + name).status()).as("nothing created").isEqualTo(404);
  }

  /** A SPARK_HOME whose bin/spark-submit stands in for Spark's: it runs the fake optimizer, records kills. */
  private static Path fakeSparkHome(Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    String java = FakeOptimizer.command(List.of()).get(0);
    String script = """
        #!/usr/bin/env bash
        # Stands in for Spark's bin/spark-submit: records --kill calls; otherwise prints what a standalone
        # cluster-mode submission prints and runs the fake optimizer with the application's arguments.
        if [ "$1" = "--kill" ]; then
          echo "kill $2 $4" >> "%1$s/kills.txt"
          exit 0
        fi
        echo "spark-submit $*"
        conf=()
        while [ $# -gt 0 ]; do
          case "$1" in
            --conf) conf+=(--conf "$2"); shift 2 ;;
            *.jar) shift; break ;;
            *) shift ;;
          esac
        done
        echo "INFO ClientEndpoint: Driver successfully submitted as %2$s"
        exec "%3$s" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "%4$s" %5$s "$@" "${conf[@]}"
        """.formatted(dir, DRIVER_ID, java, System.getProperty("java.class.path"), FakeOptimizer.class.getName());
    Path submit = Files.writeString(bin.resolve("spark-submit"), script);
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  private static String kills() {
    try {
      Path file = home.resolve("fake-spark/kills.txt");
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void createGroup(String name, String container, Map<String, String> properties) {
    RestClient.Answer created = ams.rest().admin("POST", GROUPS, body(name, container, properties));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static String body(String name, String container, Map<String, String> properties) {
    try {
      return JSON.writeValueAsString(Map.of("name", name, "container", container, "properties", properties));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keeps a group from launching again (its settings say no slots), so a test leaves nothing running. */
  private static void stopLaunching(String group) {
    RestClient.Answer put = ams.rest().admin("PUT", GROUPS + "/" + group, "{\"properties\": {\"max-parallelism\": \"0\"}}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
  }

  /** A table of 12 one-row files in a group: minor optimizing is due as soon as it is evaluated. */
  private static Table pendingTable(String name, String group) {
    Table table = client.createTable(TableIdentifier.of("apps", name), SCHEMA,
        PartitionSpec.builderFor(SCHEMA).identity("region").build(), Map.of("format-version", "2",
            "self-optimizing.group", group, "self-optimizing.min-plan-interval", "600000"));
    for (int i = 0; i < 12; i++) {
      table.newFastAppend().appendFile(DataFiles.builder(table.spec())
          .withPath(table.location() + "/data/region=eu/" + UUID.randomUUID() + ".parquet")
          .withFileSizeInBytes(4096).withRecordCount(1).withPartitionPath("region=eu").build()).commit();
    }
    return table;
  }

  private static String tablePath(Table table) {
    String[] parts = table.name().split("\\.");
    return "/api/ams/v1/catalogs/lake/databases/apps/tables/" + parts[parts.length - 1] + "/optimizing";
  }

  private static void heartbeat(String token) {
    try (var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), Duration.ofSeconds(10))) {
      connection.client().heartbeat(token);
    } catch (Exception e) {
      // The next beat tries again.
    }
  }

  private static JsonNode newest(String group) {
    JsonNode apps = ams.rest().get(APPS + "?group=" + group).json();
    return apps.isEmpty() ? null : apps.get(0);
  }

  private static JsonNode app(long id) {
    RestClient.Answer answer = ams.rest().get(APPS + "/" + id);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static JsonNode group(String name) {
    RestClient.Answer answer = ams.rest().get(GROUPS + "/" + name);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static String status(JsonNode app) {
    return app.get("status").asText();
  }

  private static boolean isLive(JsonNode app) {
    return List.of("STARTING", "RUNNING").contains(status(app));
  }
}
