package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The top-level {@code containers:} section: how the AMS launches optimizers for groups whose
 * container is {@code local} or {@code spark}. Groups choose their container; {@code external}
 * groups need nothing here.
 */
public record ContainersConfig(
    @JsonProperty("local") LocalContainerConfig local,
    @JsonProperty("spark") SparkContainerConfig spark) {

  public ContainersConfig {
    local = local == null ? LocalContainerConfig.defaults() : local;
    spark = spark == null ? SparkContainerConfig.defaults() : spark;
  }

  public static ContainersConfig defaults() {
    return new ContainersConfig(null, null);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A copy of a spark-conf map whose keys are Spark settings (spark.*) with values. */
  static Map<String, String> sparkConf(String key, Map<String, String> conf) {
    Map<String, String> copy = new TreeMap<>();
    if (conf != null) {
      conf.forEach((k, v) -> {
        ConfigException.check(k != null && k.startsWith("spark.") && !k.contains("="), key,
            "'%s' is not a Spark setting (keys start with spark.)", k);
        ConfigException.check(v != null, key + "." + k, "must have a value");
        copy.put(k, v);
      });
    }
    return Collections.unmodifiableMap(copy);
  }
}
