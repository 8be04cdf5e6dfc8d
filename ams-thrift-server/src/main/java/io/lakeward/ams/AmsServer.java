package io.lakeward.ams;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.catalog.CatalogRegistry;
import io.lakeward.ams.catalog.CatalogBrowser;
import io.lakeward.ams.catalog.CatalogConnectors;
import io.lakeward.ams.catalog.CatalogScanner;
import io.lakeward.ams.catalog.CatalogServiceHandler;
import io.lakeward.ams.catalog.IcebergCatalogs;
import io.lakeward.ams.catalog.InternalMetastore;
import io.lakeward.ams.catalog.TableBlockers;
import io.lakeward.ams.config.AmsConfig;
import io.lakeward.ams.config.LakewardConfig;
import io.lakeward.ams.maintenance.Maintainers;
import io.lakeward.ams.maintenance.MaintenanceSchedule;
import io.lakeward.ams.maintenance.MaintenanceService;
import io.lakeward.ams.maintenance.TableMaintainer;
import io.lakeward.ams.optimizer.GroupLaunchCron;
import io.lakeward.ams.optimizer.OptimizerLauncher;
import io.lakeward.ams.optimizer.container.OptimizerContainer;
import io.lakeward.ams.optimizer.container.OptimizerContainers;
import io.lakeward.ams.optimizing.FullOptimizingCron;
import io.lakeward.ams.optimizing.GroupPlanningJobs;
import io.lakeward.ams.optimizing.OptimizerGroups;
import io.lakeward.ams.optimizing.OptimizerRegistry;
import io.lakeward.ams.optimizing.ProcessCommitter;
import io.lakeward.ams.optimizing.ProcessPlanner;
import io.lakeward.ams.optimizing.ProcessSupervisor;
import io.lakeward.ams.optimizing.TaskDispatcher;
import io.lakeward.ams.optimizing.OptimizingServiceHandler;
import io.lakeward.ams.optimizing.TableEvaluationService;
import io.lakeward.ams.optimizing.TableRuntime;
import io.lakeward.ams.persistence.AmsDatabase;
import io.lakeward.ams.persistence.BlockerStore;
import io.lakeward.ams.persistence.CatalogStore;
import io.lakeward.ams.persistence.MaintenanceRunStore;
import io.lakeward.ams.persistence.ManagedTableStore;
import io.lakeward.ams.persistence.OptimizerApplicationStore;
import io.lakeward.ams.persistence.OptimizerGroupStore;
import io.lakeward.ams.persistence.OptimizerStore;
import io.lakeward.ams.persistence.OptimizingProcessStore;
import io.lakeward.ams.persistence.OptimizingTaskStore;
import io.lakeward.ams.persistence.TableMetadataStore;
import io.lakeward.ams.persistence.TableRuntimeStore;
import io.lakeward.ams.rest.AdminAuthenticator;
import io.lakeward.ams.rest.CatalogRoutes;
import io.lakeward.ams.rest.HealthReport;
import io.lakeward.ams.rest.RestJson;
import io.lakeward.ams.rest.RestServer;
import io.lakeward.ams.rest.OptimizerApplicationRoutes;
import io.lakeward.ams.rest.OptimizerGroupRoutes;
import io.lakeward.ams.rest.MaintenanceRoutes;
import io.lakeward.ams.rest.OptimizingRoutes;
import io.lakeward.ams.rest.SystemRoutes;
import io.lakeward.ams.rest.TableRoutes;
import io.lakeward.ams.rest.TerminalRoutes;
import io.lakeward.ams.rest.iceberg.IcebergRestRoutes;
import io.lakeward.ams.terminal.AmsTerminal;
import io.lakeward.ams.thrift.ThriftHandlers;
import io.lakeward.ams.thrift.ThriftServiceServer;
import io.lakeward.api.CatalogService;
import io.lakeward.scheduler.quartz.CronRouter;
import io.lakeward.scheduler.quartz.LakewardScheduler;
import io.lakeward.terminal.TerminalService;
import io.lakeward.api.OptimizingService;
import io.lakeward.shaded.thrift.transport.TTransportException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the AMS: builds every subsystem from the configuration, by constructor,
 * starts them in dependency order and stops them in reverse. Each server and each test builds its own.
 */
public final class AmsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AmsServer.class);

  private final String version;
  private final String exposeHost;
  private final AmsDatabase database;
  private final ThriftServiceServer catalogServer;
  private final ThriftServiceServer optimizingServer;
  private final RestServer restServer;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private volatile boolean closed;

  private AmsServer(LakewardConfig config, AmsPaths paths, List<OptimizerContainer> additionalContainers,
      List<TableMaintainer> maintainers, Clock clock)
      throws TTransportException {
    AmsConfig ams = config.ams();
    this.version = LakewardVersion.current();
    this.exposeHost = ams.serverExposeHost();
    this.database = AmsDatabase.open(ams.database(), paths.home());
    started.push(database);
    try {
      CatalogStore catalogStore = new CatalogStore(database);
      TableMetadataStore tableStore = new TableMetadataStore(database);
      CatalogConnectors connectors = new CatalogConnectors(tableStore, clock);
      CatalogRegistry catalogs = new CatalogRegistry(catalogStore, tableStore, connectors::verify, clock);
      InternalMetastore metastore = new InternalMetastore(catalogs, tableStore, clock);
      TableBlockers blockers = new TableBlockers(metastore, new BlockerStore(database), ams.blocker(), clock);
      IcebergCatalogs icebergCatalogs = new IcebergCatalogs(catalogs, connectors);
      started.push(icebergCatalogs);
      CatalogBrowser browser = new CatalogBrowser(icebergCatalogs);
      ManagedTableStore managedTables = new ManagedTableStore(database);
      CatalogScanner scanner = new CatalogScanner(catalogs, icebergCatalogs, managedTables, clock);
      TableRuntimeStore runtimes = new TableRuntimeStore(database);
      LakewardScheduler periodic = new LakewardScheduler(AmsSchedulerSettings.of(ams.scheduler(), database));
      started.push(periodic);
      FullOptimizingCron fullCron = new FullOptimizingCron(periodic, runtimes, clock);
      CronRouter cronRouter = new CronRouter();
      periodic.onCron(cronRouter.route("full:", fullCron));
      TableEvaluationService evaluations = new TableEvaluationService(managedTables, runtimes, icebergCatalogs, fullCron,
          clock);
      OptimizerRegistry optimizers = new OptimizerRegistry(new OptimizerStore(database), ams.optimizer(), clock);
      OptimizingProcessStore processStore = new OptimizingProcessStore(database);
      OptimizingTaskStore taskStore = new OptimizingTaskStore(database);
      ProcessPlanner planner = new ProcessPlanner(runtimes, processStore, new BlockerStore(database), icebergCatalogs,
          optimizers, clock);
      OptimizerApplicationStore applicationStore = new OptimizerApplicationStore(database);
      OptimizerContainers containers = OptimizerContainers.of(config.containers(), paths.home(), additionalContainers);
      OptimizerGroups groups = new OptimizerGroups(new OptimizerGroupStore(database), optimizers, processStore,
          applicationStore, containers, ams.optimizer().defaultContainer(),
          new GroupPlanningJobs(periodic, planner, ams.selfOptimizing().planningInterval()), clock);
      groups.ensure(ams.optimizer().groupList());
      ProcessCommitter committer = new ProcessCommitter(processStore, taskStore, runtimes, icebergCatalogs, clock);
      ProcessSupervisor supervisor = new ProcessSupervisor(processStore, taskStore, runtimes, optimizers, committer,
          ams.optimizer(), clock);
      started.push(supervisor);
      TaskDispatcher dispatcher = new TaskDispatcher(processStore, taskStore, optimizers, icebergCatalogs, supervisor, clock);
      // Pending work of a group: tables waiting for planning, or planned tasks nobody has taken.
      OptimizerLauncher launcher = new OptimizerLauncher(groups, optimizers, applicationStore, containers,
          group -> runtimes.countPending(group) > 0 || taskStore.countPlanned(group) > 0, ams.optimizer(),
          paths.logDir(), this::optimizingUri, clock);
      launcher.recover();
      GroupLaunchCron launchCron = new GroupLaunchCron(periodic, launcher);
      cronRouter.route(GroupLaunchCron.PREFIX, launchCron);
      MaintenanceService maintenance = new MaintenanceService(maintainers, new MaintenanceRunStore(database),
          icebergCatalogs, catalogs, processStore, new BlockerStore(database), ams.maintenance(), clock);
      started.push(maintenance);
      // A table's settings are read again when its evaluated metadata moves (a commit or a property change).
      MaintenanceSchedule maintenanceSchedule = new MaintenanceSchedule(maintenance, managedTables, periodic,
          ams.maintenance(), () -> runtimes.list().stream().filter(r -> r.evaluatedMetadata() != null)
              .collect(Collectors.toMap(TableRuntime::table, TableRuntime::evaluatedMetadata, (a, b) -> a)), clock);
      cronRouter.route(MaintenanceSchedule.CRON_PREFIX, maintenanceSchedule);
      // The terminal's engines reach catalogs through the Iceberg REST catalog of this AMS's REST server.
      TerminalService terminal = AmsTerminal.create(ams.terminal(), paths, catalogs, this::icebergRestUri, clock);
      started.push(terminal);

      CatalogService.Iface catalogHandler = ThriftHandlers.translatingErrors(CatalogService.Iface.class,
          new CatalogServiceHandler(catalogs, metastore, blockers, browser, version, clock));
      OptimizingService.Iface optimizingHandler = ThriftHandlers.translatingErrors(OptimizingService.Iface.class,
          new OptimizingServiceHandler(optimizers, groups, dispatcher, supervisor, launcher, ams.optimizer(), version,
              clock));
      this.catalogServer = new ThriftServiceServer("catalog", ams.serverBindHost(), ams.thriftServer().catalogPort(),
          new CatalogService.Processor<>(catalogHandler), ams.thriftServer());
      this.optimizingServer = new ThriftServiceServer("optimizing", ams.serverBindHost(),
          ams.thriftServer().optimizingPort(), new OptimizingService.Processor<>(optimizingHandler), ams.thriftServer());

      RestJson json = new RestJson();
      this.restServer = new RestServer(ams.serverBindHost(), ams.httpServer(), ams.thriftServer().shutdownTimeout(),
          new AdminAuthenticator(ams.adminUsername(), ams.adminPassword()), json,
          List.of(new SystemRoutes(this::health, version, json), new CatalogRoutes(catalogs, json),
              new TableRoutes(catalogs, browser, managedTables, scanner, json), new OptimizingRoutes(runtimes, processStore, taskStore, supervisor, json),
              new OptimizerGroupRoutes(groups, optimizers, processStore, taskStore, launcher, json),
              new OptimizerApplicationRoutes(launcher, json),
              new MaintenanceRoutes(maintenance, managedTables, json),
              new TerminalRoutes(terminal, json),
              new IcebergRestRoutes(icebergCatalogs)));

      Duration heartbeat = ams.optimizer().heartbeatInterval();
      Duration retention = ams.selfOptimizing().historyRetention();
      periodic.schedule("housekeeping", heartbeat, heartbeat, () -> {
        blockers.purgeExpired();
        optimizers.expireSilent();
        processStore.deleteEndedBefore(clock.millis() - retention.toMillis());
        launcher.purgeEndedBefore(clock.millis() - retention.toMillis());
        maintenance.purgeHistory();
      });
      periodic.schedule("catalog-scan", Duration.ZERO, ams.catalog().scanInterval(), scanner::scanAll);
      Duration evaluation = ams.selfOptimizing().evaluationInterval();
      periodic.schedule("table-evaluation", evaluation, evaluation, evaluations::evaluateAll);
      // The first supervision round at start-up is the recovery: interrupted commits are finished and
      // tasks of optimizers that are gone go back to the queue.
      periodic.schedule("optimizing-supervision", Duration.ZERO, ams.selfOptimizing().supervisionInterval(),
          supervisor::tick);
      maintenanceSchedule.start();
      Duration containerCheck = ams.optimizer().containerCheckInterval();
      periodic.schedule("optimizer-containers", containerCheck, containerCheck, () -> {
        launchCron.sync(groups.list());
        launcher.tick();
      });
      periodic.start();

      catalogServer.start();
      started.push(catalogServer);
      optimizingServer.start();
      started.push(optimizingServer);
      restServer.start();
      started.push(restServer);
      // Stops launched applications first on shutdown, while the optimizing service still takes back
      // the tasks they return.
      started.push(launcher);
    } catch (RuntimeException | TTransportException e) {
      close();
      throw e;
    }
  }

  /** Builds and starts an AMS with its logs under home/logs; on failure everything already started is stopped again. */
  public static AmsServer start(LakewardConfig config, Path home) throws TTransportException {
    requireNonNull(home, "home is null");
    return start(config, AmsPaths.under(home), List.of());
  }

  /**
   * Builds and starts an AMS; on failure everything already started is stopped again.
   *
   * @param additionalContainers optimizer containers beside local, spark and external (tests plug in theirs)
   */
  public static AmsServer start(LakewardConfig config, AmsPaths paths, List<OptimizerContainer> additionalContainers)
      throws TTransportException {
    return start(config, paths, additionalContainers, Maintainers.all());
  }

  /**
   * Builds and starts an AMS that runs the given maintainers instead of {@link Maintainers#all()}
   * (tests hold a run open with a maintainer that waits for them).
   */
  public static AmsServer start(LakewardConfig config, AmsPaths paths, List<OptimizerContainer> additionalContainers,
      List<TableMaintainer> maintainers) throws TTransportException {
    requireNonNull(config, "config is null");
    requireNonNull(paths, "paths is null");
    requireNonNull(additionalContainers, "additionalContainers is null");
    requireNonNull(maintainers, "maintainers is null");
    AmsServer server = new AmsServer(config, paths, List.copyOf(additionalContainers), List.copyOf(maintainers),
        Clock.systemUTC());
    LOG.info("Lakeward AMS {} started: catalog port {}, optimizing port {}, REST port {}",
        server.version, server.catalogPort(), server.optimizingPort(), server.httpPort());
    return server;
  }

  public int catalogPort() {
    return catalogServer.port();
  }

  public int optimizingPort() {
    return optimizingServer.port();
  }

  /** The URI optimizers reach the optimizing service at: thrift://&lt;server-expose-host&gt;:&lt;optimizing port&gt;. */
  public String optimizingUri() {
    return "thrift://" + exposeHost + ":" + optimizingPort();
  }

  public int httpPort() {
    return restServer.port();
  }

  /** The URI engines reach the Iceberg REST catalog at: http://&lt;server-expose-host&gt;:&lt;http port&gt;/api/iceberg/rest. */
  public String icebergRestUri() {
    return "http://" + exposeHost + ":" + httpPort() + IcebergRestRoutes.BASE;
  }

  public String version() {
    return version;
  }

  public HealthReport health() {
    Map<String, HealthReport.Subsystem> subsystems = new LinkedHashMap<>();
    subsystems.put("database", database.isHealthy() ? HealthReport.Subsystem.up(null) : HealthReport.Subsystem.down(null));
    subsystems.put("catalog-service", serving(catalogServer));
    subsystems.put("optimizing-service", serving(optimizingServer));
    subsystems.put("rest-api", HealthReport.Subsystem.up(restServer.port()));
    boolean up = !closed && subsystems.values().stream().allMatch(HealthReport.Subsystem::isUp);
    return new HealthReport(up ? "UP" : "DOWN", version, subsystems);
  }

  /** Stops accepting requests, lets in-flight calls finish within the shutdown timeout, closes the database. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      runQuietly("shutdown", component::close);
    }
    LOG.info("Lakeward AMS stopped");
  }

  private static HealthReport.Subsystem serving(ThriftServiceServer server) {
    return server.isServing() ? HealthReport.Subsystem.up(server.port()) : HealthReport.Subsystem.down(server.port());
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void runQuietly(String what, Action action) {
    try {
      action.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | LinkageError e) {
      // One component failing to stop must not keep the others from stopping.
      LOG.warn("{} step failed: {}", what, e.toString(), e);
    }
  }
}
