package io.lakeward.ams.testing;

import io.lakeward.ams.AmsPaths;
import io.lakeward.ams.AmsServer;
import io.lakeward.ams.config.AmsConfig;
import io.lakeward.ams.config.BlockerConfig;
import io.lakeward.ams.config.CatalogConfig;
import io.lakeward.ams.config.ContainersConfig;
import io.lakeward.ams.config.SchedulerConfig;
import io.lakeward.ams.config.SelfOptimizingConfig;
import io.lakeward.ams.config.DatabaseConfig;
import io.lakeward.ams.config.HttpServerConfig;
import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.config.MaintenanceConfig;
import io.lakeward.ams.config.OptimizerConfig;
import io.lakeward.ams.config.ThriftServerConfig;
import io.lakeward.ams.maintenance.TableMaintainer;
import io.lakeward.ams.optimizer.container.OptimizerContainer;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** An AMS started in-process on free ports, for tests. Closing it stops the AMS. */
public final class TestAms implements AutoCloseable {
  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PASSWORD = "test-secret";

  private final AmsServer server;

  private TestAms(AmsServer server) {
    this.server = server;
  }

  public static TestAms start(DatabaseConfig database, Path home) throws Exception {
    return new TestAms(AmsServer.start(config(database), home));
  }

  /** An AMS with its own configuration, logs under home/logs, and extra optimizer containers. */
  public static TestAms start(LakewardConfig config, Path home, List<OptimizerContainer> containers) throws Exception {
    return new TestAms(AmsServer.start(config, AmsPaths.under(home), containers));
  }

  /** An AMS that runs the given maintainers instead of Maintainers.all(). */
  public static TestAms startWithMaintainers(LakewardConfig config, Path home, List<TableMaintainer> maintainers)
      throws Exception {
    return new TestAms(AmsServer.start(config, AmsPaths.under(home), List.of(), maintainers));
  }

  public static DatabaseConfig derby(Path directory) {
    return new DatabaseConfig("derby", "jdbc:derby:" + directory.resolve("derby").toAbsolutePath() + ";create=true",
        null, null, 4, null);
  }

  public static LakewardConfig config(DatabaseConfig database) {
    return config(database, optimizerConfig(), ContainersConfig.defaults());
  }

  /**
   * Short cadences so tests turn in seconds; the groups are those the optimizer tests register in.
   * Their container is external: these tests register optimizers by hand and expect no launches.
   */
  public static OptimizerConfig optimizerConfig() {
    return new OptimizerConfig(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5),
        Duration.ofMinutes(5), "default,test,it-group,script", OptimizerConfig.EXTERNAL, Duration.ofMillis(500), null,
        Duration.ofSeconds(10), null);
  }

  public static LakewardConfig config(DatabaseConfig database, OptimizerConfig optimizer, ContainersConfig containers) {
    return config(database, optimizer, containers, maintenanceConfig());
  }

  /** The test configuration with its own maintenance section. */
  public static LakewardConfig config(DatabaseConfig database, MaintenanceConfig maintenance) {
    return config(database, optimizerConfig(), ContainersConfig.defaults(), maintenance);
  }

  private static LakewardConfig config(DatabaseConfig database, OptimizerConfig optimizer, ContainersConfig containers,
      MaintenanceConfig maintenance) {
    ThriftServerConfig thrift = new ThriftServerConfig(0, 0, null, null, 1, 8, 64, null, Duration.ofSeconds(5));
    SelfOptimizingConfig selfOptimizing = new SelfOptimizingConfig(Duration.ofMillis(500), Duration.ofMillis(500),
        Duration.ofMillis(500), null);
    return new LakewardConfig(new AmsConfig("127.0.0.1", "127.0.0.1", ADMIN_USER, ADMIN_PASSWORD, thrift,
        new HttpServerConfig(0, null), database, optimizer, BlockerConfig.defaults(), new CatalogConfig(Duration.ofMillis(500)),
        selfOptimizing, new SchedulerConfig(2, null, null, null), maintenance), containers);
  }

  /** Maintenance checks twice a second and retries after a second; intervals stay the defaults. */
  public static MaintenanceConfig maintenanceConfig() {
    return new MaintenanceConfig(2, Duration.ofMillis(500), 2, Duration.ofSeconds(1), null, null, null, null, null,
        null, null);
  }

  public AmsServer server() {
    return server;
  }

  public ThriftEndpoint catalogEndpoint() {
    return new ThriftEndpoint("127.0.0.1", server.catalogPort(), Optional.empty());
  }

  public ThriftEndpoint optimizingEndpoint() {
    return new ThriftEndpoint("127.0.0.1", server.optimizingPort(), Optional.empty());
  }

  /** Registers an internal catalog through the REST API, with its warehouse in the given directory. */
  public void createInternalCatalog(String name, Path warehouse) {
    RestClient.Answer created = rest().admin("POST", "/api/ams/v1/catalogs", "{\"name\": \"" + name + "\", "
        + "\"type\": \"internal\", \"properties\": {\"warehouse\": \"" + warehouse.toUri() + "\"}}");
    if (created.status() != 201) {
      throw new IllegalStateException("Cannot create catalog " + name + ": " + created.body());
    }
  }

  /** An Iceberg REST client of one of this AMS's catalogs; the caller closes it. */
  public org.apache.iceberg.rest.RESTCatalog icebergRestClient(String catalog) {
    org.apache.iceberg.rest.RESTCatalog client = new org.apache.iceberg.rest.RESTCatalog();
    java.util.Map<String, String> properties = new java.util.HashMap<>();
    properties.put("uri", "http://127.0.0.1:" + server.httpPort() + "/api/iceberg/rest");
    properties.put("warehouse", catalog);
    client.initialize(catalog, properties);
    return client;
  }

  public RestClient rest() {
    return new RestClient("http://127.0.0.1:" + server.httpPort());
  }

  @Override
  public void close() {
    server.close();
  }
}
