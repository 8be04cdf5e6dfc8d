package io.lakeward.terminal.backend;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Spark configuration that makes an AMS catalog a Spark catalog of the same name, injected into
 * each terminal session before its first statement ({@code SET spark.sql.catalog.<name>...}), and the
 * statement that makes it the current catalog.
 */
public record CatalogBinding(String catalog, Map<String, String> sparkConf) {
  /** Names Spark takes as a catalog name in a SET key and, backquoted, in USE. */
  private static final Pattern SPARK_CATALOG_NAME = Pattern.compile("[A-Za-z0-9_]+");
  static final String SPARK_CATALOG_CLASS = "org.apache.iceberg.spark.SparkCatalog";

  public CatalogBinding {
    requireNonNull(catalog, "catalog is null");
    checkArgument(SPARK_CATALOG_NAME.matcher(catalog).matches(),
        "Cannot open a terminal on catalog '%s': Spark catalog names consist of letters, digits and underscores",
        catalog);
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(sparkConf, "sparkConf is null")));
  }

  /**
   * An AMS catalog reached through the AMS's Iceberg REST catalog: {@code type=rest}, the REST URI, and
   * the AMS catalog name as the warehouse (which the AMS's config endpoint turns into the path prefix).
   */
  public static CatalogBinding icebergRest(String catalog, String restUri) {
    requireNonNull(restUri, "restUri is null");
    String prefix = "spark.sql.catalog." + catalog;
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(prefix, SPARK_CATALOG_CLASS);
    conf.put(prefix + ".type", "rest");
    conf.put(prefix + ".uri", restUri);
    conf.put(prefix + ".warehouse", catalog);
    return new CatalogBinding(catalog, conf);
  }

  /** The statements that register the catalog in a session, in order. */
  public List<String> registrationStatements() {
    List<String> statements = new ArrayList<>();
    sparkConf.forEach((key, value) -> statements.add("SET " + key + "=" + value));
    return statements;
  }

  /** The statement that makes the catalog current. */
  public String useStatement() {
    return "USE `" + catalog + "`";
  }
}
