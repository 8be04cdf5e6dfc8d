package io.lakeward.terminal.local;

import io.lakeward.common.spark.SparkJavaOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line and Spark settings of the local Spark Thrift Server: Spark's SparkSubmit runs
 * HiveThriftServer2 in client mode ({@code spark-internal}: no application jar), as Spark's
 * start-thriftserver.sh does, from the two jar folders. Settings go in a properties file, not on the
 * command line, where every local user could read them.
 */
final class SparkServerCommand {
  static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";
  static final String THRIFT_SERVER = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2";
  /** Spark on Java 17 needs these. */
  static final List<String> ADD_OPENS = SparkJavaOptions.ADD_OPENS;

  private SparkServerCommand() {}

  static List<String> command(LocalSparkSettings settings, Path propertiesFile, int port) {
    List<String> command = new ArrayList<>();
    command.add(settings.java().toString());
    command.addAll(ADD_OPENS);
    command.add("-Xmx" + Math.max(64, settings.driverMemoryBytes() / (1024 * 1024)) + "m");
    command.add("-cp");
    command.add(settings.sparkJars().resolve("*") + java.io.File.pathSeparator + settings.terminalJars().resolve("*"));
    command.add(SPARK_SUBMIT);
    command.add("--master");
    command.add("local[" + settings.parallelism() + "]");
    command.add("--properties-file");
    command.add(propertiesFile.toString());
    command.add("--class");
    command.add(THRIFT_SERVER);
    command.add("spark-internal");
    command.add("--hiveconf");
    command.add("hive.server2.thrift.bind.host=127.0.0.1");
    command.add("--hiveconf");
    command.add("hive.server2.thrift.port=" + port);
    return command;
  }

  /** Defaults for a server on the AMS host, the configured settings, then what isolation requires. */
  static Map<String, String> sparkConf(LocalSparkSettings settings, Path workDir) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.app.name", "lakeward-terminal");
    conf.put("spark.driver.host", "127.0.0.1");
    conf.put("spark.driver.bindAddress", "127.0.0.1");
    conf.put("spark.ui.enabled", "false");
    conf.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    // Spark's built-in catalog (spark_catalog) is scratch space: its metastore lives in memory and its
    // tables under the work directory, both gone when the server stops. AMS catalogs are where data lives.
    conf.put("spark.sql.warehouse.dir", workDir.resolve("warehouse").toUri().toString());
    conf.put("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:memory:lakeward_terminal;create=true");
    // The server collects a statement's whole result before the terminal fetches its first rows (only
    // then can a running statement be cancelled: with incremental collection the work happens while
    // results are fetched, which the server does not cancel). This bounds what one result may hold.
    // A cancelled statement's running tasks are interrupted, not left to run to their end.
    conf.put("spark.sql.thriftServer.interruptOnCancel", "true");
    conf.put("spark.driver.maxResultSize", Math.max(16, settings.driverMemoryBytes() / (4 * 1024 * 1024)) + "m");
    conf.putAll(settings.sparkConf());
    // Each JDBC session gets a SparkSession of its own: one user's SET never reaches another's session.
    conf.put("spark.sql.hive.thriftServer.singleSession", "false");
    return conf;
  }
}
