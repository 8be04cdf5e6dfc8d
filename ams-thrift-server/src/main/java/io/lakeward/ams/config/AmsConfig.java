package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;

/** Keys under {@code ams:}. See conf/config.yaml for the meaning and default of each. */
public record AmsConfig(
    @JsonProperty("server-bind-host") String serverBindHost,
    @JsonProperty("server-expose-host") String serverExposeHost,
    @JsonProperty("admin-username") String adminUsername,
    @JsonProperty("admin-password") String adminPassword,
    @JsonProperty("thrift-server") ThriftServerConfig thriftServer,
    @JsonProperty("http-server") HttpServerConfig httpServer,
    @JsonProperty("database") DatabaseConfig database,
    @JsonProperty("optimizer") OptimizerConfig optimizer,
    @JsonProperty("blocker") BlockerConfig blocker,
    @JsonProperty("catalog") CatalogConfig catalog,
    @JsonProperty("self-optimizing") SelfOptimizingConfig selfOptimizing,
    @JsonProperty("scheduler") SchedulerConfig scheduler,
    @JsonProperty("maintenance") MaintenanceConfig maintenance,
    @JsonProperty("terminal") TerminalConfig terminal) {

  public static final String DEFAULT_ADMIN_USERNAME = "admin";
  public static final String DEFAULT_ADMIN_PASSWORD = "admin";

  @JsonCreator
  public AmsConfig {
    serverBindHost = orDefault(serverBindHost, "0.0.0.0");
    serverExposeHost = orDefault(serverExposeHost, "127.0.0.1");
    adminUsername = orDefault(adminUsername, DEFAULT_ADMIN_USERNAME);
    adminPassword = orDefault(adminPassword, DEFAULT_ADMIN_PASSWORD);
    ConfigException.check(!serverBindHost.isBlank(), "ams.server-bind-host", "must not be empty");
    ConfigException.check(!serverExposeHost.isBlank(), "ams.server-expose-host", "must not be empty");
    ConfigException.check(!adminUsername.isBlank(), "ams.admin-username", "must not be empty");
    ConfigException.check(!adminPassword.isEmpty(), "ams.admin-password", "must not be empty");
    thriftServer = thriftServer == null ? ThriftServerConfig.defaults() : thriftServer;
    httpServer = httpServer == null ? HttpServerConfig.defaults() : httpServer;
    database = database == null ? DatabaseConfig.defaults() : database;
    optimizer = optimizer == null ? OptimizerConfig.defaults() : optimizer;
    blocker = blocker == null ? BlockerConfig.defaults() : blocker;
    catalog = catalog == null ? CatalogConfig.defaults() : catalog;
    selfOptimizing = selfOptimizing == null ? SelfOptimizingConfig.defaults() : selfOptimizing;
    scheduler = scheduler == null ? SchedulerConfig.defaults() : scheduler;
    maintenance = maintenance == null ? MaintenanceConfig.defaults() : maintenance;
    terminal = terminal == null ? TerminalConfig.defaults() : terminal;
    checkDistinctPorts(thriftServer.catalogPort(), thriftServer.optimizingPort(), httpServer.port());
  }

  /** Every section but the terminal, which keeps its defaults. */
  public AmsConfig(String serverBindHost, String serverExposeHost, String adminUsername, String adminPassword,
      ThriftServerConfig thriftServer, HttpServerConfig httpServer, DatabaseConfig database, OptimizerConfig optimizer,
      BlockerConfig blocker, CatalogConfig catalog, SelfOptimizingConfig selfOptimizing, SchedulerConfig scheduler,
      MaintenanceConfig maintenance) {
    this(serverBindHost, serverExposeHost, adminUsername, adminPassword, thriftServer, httpServer, database, optimizer,
        blocker, catalog, selfOptimizing, scheduler, maintenance, null);
  }

  public static AmsConfig defaults() {
    return new AmsConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** This configuration with another terminal section. */
  public AmsConfig withTerminal(TerminalConfig terminal) {
    return new AmsConfig(serverBindHost, serverExposeHost, adminUsername, adminPassword, thriftServer, httpServer,
        database, optimizer, blocker, catalog, selfOptimizing, scheduler, maintenance, terminal);
  }

  public boolean usesDefaultAdminPassword() {
    return DEFAULT_ADMIN_PASSWORD.equals(adminPassword);
  }

  /** Never print the password: records' generated toString would. */
  @Override
  public String toString() {
    return "AmsConfig[bind=" + serverBindHost + ", expose=" + serverExposeHost + ", admin=" + adminUsername
        + ", thrift=" + thriftServer + ", http=" + httpServer + ", database=" + database + ", terminal=" + terminal + "]";
  }

  private static void checkDistinctPorts(int catalog, int optimizing, int http) {
    // Port 0 (pick a free port) is allowed for each and need not be distinct.
    ConfigException.check(catalog == 0 || catalog != optimizing, "ams.thrift-server.optimizing-port",
        "must differ from ams.thrift-server.catalog-port (%s)", catalog);
    ConfigException.check(http == 0 || (http != catalog && http != optimizing), "ams.http-server.port",
        "must differ from the Thrift ports (%s, %s)", catalog, optimizing);
  }

  static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
