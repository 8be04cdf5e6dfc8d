package io.lakeward.ams.terminal;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.AmsPaths;
import io.lakeward.ams.catalog.CatalogRegistry;
import io.lakeward.ams.config.TerminalConfig;
import io.lakeward.ams.config.TerminalKyuubiConfig;
import io.lakeward.ams.config.TerminalLocalConfig;
import io.lakeward.ams.optimizer.container.LocalSparkContainer;
import io.lakeward.terminal.CatalogLocator;
import io.lakeward.terminal.TerminalService;
import io.lakeward.terminal.TerminalSettings;
import io.lakeward.terminal.backend.CatalogBinding;
import io.lakeward.terminal.backend.KyuubiBackend;
import io.lakeward.terminal.backend.KyuubiSettings;
import io.lakeward.terminal.backend.TerminalBackend;
import io.lakeward.terminal.local.LocalSparkBackend;
import io.lakeward.terminal.local.LocalSparkSettings;
import io.lakeward.terminal.local.LocalSparkThriftServer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Builds the SQL terminal from {@code ams.terminal}: the backend it selects, and catalog injection
 * through the AMS's own Iceberg REST catalog (so an engine needs only Iceberg's Spark runtime, and any
 * AMS catalog type works the same way).
 */
public final class AmsTerminal {
  /** The local server's output, in the AMS log directory. */
  public static final String LOCAL_SERVER_LOG = "terminal-spark-thrift-server.log";

  private AmsTerminal() {}

  /**
   * @param icebergRestUri the AMS's Iceberg REST URI as engines reach it
   *     (http://&lt;server-expose-host&gt;:&lt;http port&gt;/api/iceberg/rest), asked when a session opens
   */
  public static TerminalService create(TerminalConfig config, AmsPaths paths, CatalogRegistry catalogs,
      Supplier<String> icebergRestUri, Clock clock) {
    requireNonNull(catalogs, "catalogs is null");
    requireNonNull(icebergRestUri, "icebergRestUri is null");
    CatalogLocator locator = name -> {
      catalogs.get(name);
      return CatalogBinding.icebergRest(name, icebergRestUri.get());
    };
    TerminalSettings settings = new TerminalSettings(config.result().limit(), config.stopOnError(),
        config.session().timeout(), config.maxScriptSize().bytes(), config.maxSessions(), config.threads());
    return new TerminalService(backend(config, paths), locator, settings, clock);
  }

  static TerminalBackend backend(TerminalConfig config, AmsPaths paths) {
    if (TerminalConfig.KYUUBI.equals(config.backend())) {
      TerminalKyuubiConfig kyuubi = config.kyuubi();
      return new KyuubiBackend(new KyuubiSettings(kyuubi.jdbcUrl(), kyuubi.user(), kyuubi.password(), kyuubi.principal(),
          kyuubi.clientPrincipal(), kyuubi.clientKeytab(), kyuubi.connectTimeout(), kyuubi.socketTimeout()),
          config.result().limit());
    }
    TerminalLocalConfig local = config.local();
    Path home = paths.home();
    Path sparkHome = home.resolve(local.sparkHome() != null ? local.sparkHome() : LocalSparkContainer.DEFAULT_SPARK_HOME);
    Path jars = home.resolve(local.jars() != null ? local.jars() : TerminalLocalConfig.DEFAULT_JARS);
    LocalSparkSettings settings = new LocalSparkSettings(sparkHome.resolve("jars"), jars, local.parallelism(),
        local.driverMemory().bytes(), local.startTimeout(), local.sparkConf(), paths.logDir().resolve(LOCAL_SERVER_LOG),
        Paths.get(System.getProperty("java.home"), "bin", "java"));
    return new LocalSparkBackend(new LocalSparkThriftServer(settings));
  }
}
