package io.lakeward.ams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.ams.config.ContainersConfig;
import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.optimizer.container.OptimizerContainer;
import io.lakeward.ams.testing.FakeOptimizerContainer;
import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import io.lakeward.api.BlockRequest;
import io.lakeward.api.BlockableOperation;
import io.lakeward.api.Blocker;
import io.lakeward.api.CatalogService;
import io.lakeward.api.CommitTableRequest;
import io.lakeward.api.ConflictException;
import io.lakeward.api.DatabaseMeta;
import io.lakeward.api.ErrorCode;
import io.lakeward.api.InvalidInputException;
import io.lakeward.api.NoSuchObjectException;
import io.lakeward.api.OptimizerRegisterInfo;
import io.lakeward.api.OptimizerRegistration;
import io.lakeward.api.OptimizingService;
import io.lakeward.api.PingResponse;
import io.lakeward.api.TableIdentifier;
import io.lakeward.api.TableMeta;
import io.lakeward.api.UnauthorizedException;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every AMS database backend must provide, run against each (Derby, MySQL): start, serve both
 * Thrift services and the REST API, keep catalog state and launched optimizer applications across
 * restarts, and stop cleanly.
 */
abstract class AmsServerContractTests {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path home;

  private DatabaseConfig database;

  protected abstract DatabaseConfig newDatabase(Path directory);

  protected void dropDatabase(DatabaseConfig config) {}

  @BeforeEach
  void createDatabase() {
    database = newDatabase(home);
  }

  @AfterEach
  void removeDatabase() {
    dropDatabase(database);
  }

  @Test
  void startsServesPingAndHealthThenStopsCleanly() throws Exception {
    int catalogPort;
    int optimizingPort;
    int httpPort;
    try (TestAms ams = TestAms.start(database, home)) {
      catalogPort = ams.server().catalogPort();
      optimizingPort = ams.server().optimizingPort();
      httpPort = ams.server().httpPort();
      try (var catalog = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT);
          var optimizing = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT)) {
        PingResponse catalogPing = catalog.client().ping();
        PingResponse optimizingPing = optimizing.client().ping();
        assertThat(catalogPing.getServiceName()).isEqualTo("catalog");
        assertThat(optimizingPing.getServiceName()).isEqualTo("optimizing");
        assertThat(catalogPing.getVersion()).isEqualTo(ams.server().version()).isNotBlank();
      }
      RestClient.Answer health = ams.rest().get("/api/ams/v1/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().get("status").asText()).isEqualTo("UP");
      assertThat(health.json().get("version").asText()).isEqualTo(ams.server().version());
      assertThat(health.json().get("subsystems").get("database").get("status").asText()).isEqualTo("UP");
      assertThat(health.json().get("subsystems").get("catalog-service").get("port").asInt()).isEqualTo(catalogPort);
      assertThat(health.json().get("subsystems").get("optimizing-service").get("port").asInt()).isEqualTo(optimizingPort);
      assertThat(ams.rest().get("/api/ams/v1/version").json().get("version").asText()).isEqualTo(ams.server().version());
    }
    for (int port : new int[] {catalogPort, optimizingPort, httpPort}) {
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void catalogStateSurvivesRestart() throws Exception {
    try (TestAms ams = TestAms.start(database, home)) {
      createInternalCatalog(ams, "lake");
      try (var catalog = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
        catalog.client().createDatabase(new DatabaseMeta().setCatalog("lake").setName("sales"));
        catalog.client().createTable(table("lake", "sales", "orders", "/wh/orders/metadata/v1.metadata.json"));
      }
    }
    try (TestAms ams = TestAms.start(database, home);
        var catalog = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
      assertThat(catalog.client().listCatalogs()).extracting(c -> c.getName()).containsExactly("lake");
      assertThat(catalog.client().listDatabases("lake")).containsExactly("sales");
      assertThat(catalog.client().getTable(id("lake", "sales", "orders")).getMetadataLocation())
          .isEqualTo("/wh/orders/metadata/v1.metadata.json");
    }
  }

  @Test
  void periodicJobsLiveInTheAmsDatabaseAndAreReplacedOnRestart() throws Exception {
    // One planning job per optimizer group (those TestAms configures).
    Set<String> periodic = Set.of("housekeeping", "catalog-scan", "table-evaluation", "optimizing-supervision",
        "optimizer-containers", "optimizing-planning:default", "optimizing-planning:test", "optimizing-planning:it-group",
        "optimizing-planning:script", "maintenance-check");
    try (TestAms ams = TestAms.start(database, home)) {
      assertThat(storedJobs("lakeward-periodic")).isEqualTo(periodic);
      assertThat(storedTriggers("lakeward-periodic")).isEqualTo(periodic);
    }
    // Scheduling the same jobs again on the stored ones must replace them, not fail as duplicates.
    try (TestAms ams = TestAms.start(database, home)) {
      assertThat(ams.rest().get("/api/ams/v1/health").json().get("status").asText()).isEqualTo("UP");
      assertThat(storedJobs("lakeward-periodic")).isEqualTo(periodic);
      assertThat(storedTriggers("lakeward-periodic")).isEqualTo(periodic);
    }
  }

  private Set<String> storedJobs(String group) throws Exception {
    return names("SELECT JOB_NAME FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = 'lakeward-ams' AND JOB_GROUP = ?", group);
  }

  private Set<String> storedTriggers(String group) throws Exception {
    return names("SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS WHERE SCHED_NAME = 'lakeward-ams' AND TRIGGER_GROUP = ?", group);
  }

  /** Reads the AMS database directly (while the AMS runs, so an embedded Derby database is open). */
  private Set<String> names(String sql, String group) throws Exception {
    Set<String> names = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password());
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, group);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  @Test
  void internalCatalogMetadataPointersAndCompareAndSetCommits() throws Exception {
    try (TestAms ams = TestAms.start(database, home);
        var connection = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
      CatalogService.Client client = connection.client();
      createInternalCatalog(ams, "lake");
      client.createDatabase(new DatabaseMeta().setCatalog("lake").setName("db").setProperties(Map.of("owner", "ops")));
      assertThat(client.getDatabase("lake", "db").getProperties()).containsEntry("owner", "ops");
      assertThatThrownBy(() -> client.createDatabase(new DatabaseMeta().setCatalog("lake").setName("db")))
          .isInstanceOf(io.lakeward.api.AlreadyExistsException.class);

      TableMeta created = client.createTable(table("lake", "db", "t", "/wh/t/v1.json"));
      assertThat(created.getMetadataLocation()).isEqualTo("/wh/t/v1.json");
      assertThat(client.listTables("lake", "db")).extracting(TableIdentifier::getTable).containsExactly("t");

      TableMeta committed = client.commitTable(new CommitTableRequest().setIdentifier(id("lake", "db", "t"))
          .setExpectedMetadataLocation("/wh/t/v1.json").setNewMetadataLocation("/wh/t/v2.json"));
      assertThat(committed.getMetadataLocation()).isEqualTo("/wh/t/v2.json");
      assertThat(committed.getPreviousMetadataLocation()).isEqualTo("/wh/t/v1.json");

      // A committer that read v1 lost the race: it gets a retryable conflict and nothing changes.
      assertThatThrownBy(() -> client.commitTable(new CommitTableRequest().setIdentifier(id("lake", "db", "t"))
          .setExpectedMetadataLocation("/wh/t/v1.json").setNewMetadataLocation("/wh/t/v2b.json")))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.COMMIT_CONFLICT));
      assertThat(client.getTable(id("lake", "db", "t")).getMetadataLocation()).isEqualTo("/wh/t/v2.json");

      assertThatThrownBy(() -> client.dropDatabase("lake", "db"))
          .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.NOT_EMPTY));
      assertThatThrownBy(() -> client.getTable(id("lake", "db", "missing")))
          .isInstanceOfSatisfying(NoSuchObjectException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.NO_SUCH_TABLE));
      assertThatThrownBy(() -> client.listDatabases("nope"))
          .isInstanceOfSatisfying(NoSuchObjectException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.NO_SUCH_CATALOG));
      assertThatThrownBy(() -> client.getTable(id("lake", "db", "../etc")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("..");

      client.dropTable(id("lake", "db", "t"), false);
      client.dropDatabase("lake", "db");
      assertThat(client.listDatabases("lake")).isEmpty();
    }
  }

  @Test
  void concurrentCommitsFromOneBaseHaveExactlyOneWinner() throws Exception {
    try (TestAms ams = TestAms.start(database, home)) {
      createInternalCatalog(ams, "lake");
      try (var setup = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
        setup.client().createDatabase(new DatabaseMeta().setCatalog("lake").setName("db"));
        setup.client().createTable(table("lake", "db", "t", "/wh/base.json"));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        Callable<Boolean> commit = () -> {
          try (var c = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
            c.client().commitTable(new CommitTableRequest().setIdentifier(id("lake", "db", "t"))
                .setExpectedMetadataLocation("/wh/base.json").setNewMetadataLocation("/wh/next-" + n + ".json"));
            return true;
          } catch (ConflictException e) {
            return false;
          }
        };
        results.add(pool.submit(commit));
      }
      int winners = 0;
      for (Future<Boolean> result : results) {
        winners += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      pool.shutdown();
      assertThat(winners).isEqualTo(1);
      try (var c = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
        TableMeta table = c.client().getTable(id("lake", "db", "t"));
        assertThat(table.getMetadataLocation()).startsWith("/wh/next-");
        assertThat(table.getPreviousMetadataLocation()).isEqualTo("/wh/base.json");
      }
    }
  }

  @Test
  void blockersAreListedRenewedReleasedAndExpire() throws Exception {
    try (TestAms ams = TestAms.start(database, home);
        var connection = ThriftClients.catalog(ams.catalogEndpoint(), TIMEOUT)) {
      CatalogService.Client client = connection.client();
      createInternalCatalog(ams, "lake");
      client.createDatabase(new DatabaseMeta().setCatalog("lake").setName("db"));
      client.createTable(table("lake", "db", "t", "/wh/t.json"));
      TableIdentifier t = id("lake", "db", "t");

      Blocker held = client.block(new BlockRequest().setIdentifier(t)
          .setOperations(List.of(BlockableOperation.OPTIMIZING)).setTtlMillis(60_000));
      Blocker shortLived = client.block(new BlockRequest().setIdentifier(t)
          .setOperations(List.of(BlockableOperation.MAINTENANCE)).setTtlMillis(1_000));
      assertThat(client.listBlockers(t)).extracting(Blocker::getBlockerId)
          .containsExactlyInAnyOrder(held.getBlockerId(), shortLived.getBlockerId());
      assertThat(client.renewBlocker(t, held.getBlockerId())).isGreaterThanOrEqualTo(held.getExpiresAtMillis());

      awaitUntil(() -> client.listBlockers(t).size() == 1);
      assertThat(client.listBlockers(t)).extracting(Blocker::getBlockerId).containsExactly(held.getBlockerId());
      assertThatThrownBy(() -> client.renewBlocker(t, shortLived.getBlockerId()))
          .isInstanceOfSatisfying(NoSuchObjectException.class, e -> assertThat(e.getCode()).isEqualTo(ErrorCode.NO_SUCH_BLOCKER));

      client.releaseBlocker(t, held.getBlockerId());
      assertThat(client.listBlockers(t)).isEmpty();
      assertThatThrownBy(() -> client.block(new BlockRequest().setIdentifier(id("lake", "db", "missing"))
          .setOperations(List.of(BlockableOperation.OPTIMIZING)))).isInstanceOf(NoSuchObjectException.class);
    }
  }

  @Test
  void optimizersRegisterHeartbeatAndAreDroppedWhenSilent() throws Exception {
    try (TestAms ams = TestAms.start(database, home);
        var connection = ThriftClients.optimizing(ams.optimizingEndpoint(), TIMEOUT)) {
      OptimizingService.Client client = connection.client();
      OptimizerRegistration registration = client.registerOptimizer(new OptimizerRegisterInfo()
          .setGroup("default").setThreadCount(4).setMemoryMb(2048).setHost("worker-1").setProperties(Map.of("k", "v")));
      assertThat(registration.getToken()).isNotBlank();
      assertThat(registration.getHeartbeatTimeoutMillis()).isEqualTo(3000);
      client.heartbeat(registration.getToken());
      assertThat(client.pollTask(registration.getToken(), 0).isSetTask()).isFalse();

      assertThatThrownBy(() -> client.heartbeat("not-a-token")).isInstanceOf(UnauthorizedException.class);
      assertThatThrownBy(() -> client.registerOptimizer(new OptimizerRegisterInfo().setGroup("g").setThreadCount(0)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("thread count");
      assertThatThrownBy(() -> client.registerOptimizer(new OptimizerRegisterInfo().setGroup("").setThreadCount(1)))
          .isInstanceOf(InvalidInputException.class);

      // Silent past the heartbeat timeout (3 s in tests): dropped, and told to register again.
      awaitUntil(() -> {
        try {
          client.pollTask(registration.getToken(), 0);
          return false;
        } catch (UnauthorizedException e) {
          return true;
        }
      });
    }
  }

  @Test
  void launchedApplicationsAreRecordedKilledAndFollowedAcrossARestart() throws Exception {
    // A container whose applications outlive the AMS (as spark in cluster mode), so the restart re-attaches.
    List<OptimizerContainer> containers = List.of(new FakeOptimizerContainer("detached", false));
    LakewardConfig config = TestAms.config(database, TestAms.optimizerConfig(), ContainersConfig.defaults());
    String apps = "/api/ams/v1/optimizer-applications";
    long kept;
    long killed;
    try (TestAms ams = TestAms.start(config, home, containers)) {
      RestClient.Answer group = ams.rest().admin("POST", "/api/ams/v1/optimizer-groups", "{\"name\": \"apps\", "
          + "\"container\": \"detached\", \"properties\": {\"parallelism\": \"1\", \"idle-exit\": \"10min\"}}");
      assertThat(group.status()).as(group.body()).isEqualTo(201);
      kept = ams.rest().admin("POST", "/api/ams/v1/optimizer-groups/apps/launch", null).json().get("id").asLong();
      killed = ams.rest().admin("POST", "/api/ams/v1/optimizer-groups/apps/launch", null).json().get("id").asLong();
      for (long id : List.of(kept, killed)) {
        awaitUntil(() -> ams.rest().get(apps + "/" + id).json().get("spark-app-id").asText().startsWith("fake-"));
        assertThat(ams.rest().get(apps + "/" + id).json().get("status").asText()).isEqualTo("RUNNING");
      }
      assertThat(ams.rest().admin("POST", apps + "/" + killed + "/kill", null).json().get("status").asText())
          .isEqualTo("KILLED");
      awaitUntil(() -> ams.rest().get(apps + "/" + killed).json().get("exit-code").asText().equals("0"));
      List<Long> listed = new ArrayList<>();
      ams.rest().get(apps + "?group=apps").json().forEach(a -> listed.add(a.get("id").asLong()));
      assertThat(listed).containsExactly(killed, kept);
    }
    try (TestAms ams = TestAms.start(config, home, containers)) {
      var app = ams.rest().get(apps + "/" + kept).json();
      assertThat(app.get("status").asText()).as("re-attached").isEqualTo("RUNNING");
      ProcessHandle process = ProcessHandle.of(app.get("pid").asLong()).orElseThrow();
      assertThat(ams.rest().admin("POST", apps + "/" + kept + "/kill", null).status()).isEqualTo(200);
      process.onExit().get(30, TimeUnit.SECONDS);
      awaitUntil(() -> ams.rest().get("/api/ams/v1/optimizer-groups/apps").json().get("launch").get("live-slots")
          .asInt() == 0);
      assertThat(ams.rest().get(apps).json().size()).isEqualTo(2);
    }
  }

  private static void createInternalCatalog(TestAms ams, String name) {
    RestClient.Answer answer = ams.rest().admin("POST", "/api/ams/v1/catalogs",
        "{\"name\":\"" + name + "\",\"type\":\"internal\",\"properties\":{\"warehouse\":\"/tmp/" + name + "\"}}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }

  static TableIdentifier id(String catalog, String database, String table) {
    return new TableIdentifier().setCatalog(catalog).setDatabase(database).setTable(table);
  }

  static TableMeta table(String catalog, String database, String table, String metadataLocation) {
    return new TableMeta().setIdentifier(id(catalog, database, table)).setFormat("ICEBERG")
        .setMetadataLocation(metadataLocation);
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  static void awaitUntil(Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Condition not reached within 30 s");
      }
      Thread.sleep(100);
    }
  }
}
