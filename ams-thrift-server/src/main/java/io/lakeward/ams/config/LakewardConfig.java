package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigException;
import io.lakeward.common.config.ConfigBinder;
import java.nio.file.Path;
import java.util.Map;

/** The whole of conf/config.yaml, bound once at start-up. Later subsystems add their sections here. */
public record LakewardConfig(
    @JsonProperty("ams") AmsConfig ams,
    @JsonProperty("containers") ContainersConfig containers) {

  @JsonCreator
  public LakewardConfig {
    ams = ams == null ? AmsConfig.defaults() : ams;
    containers = containers == null ? ContainersConfig.defaults() : containers;
    if (OptimizerConfig.SPARK.equals(ams.optimizer().defaultContainer())) {
      String missing = containers.spark().missingSetting();
      ConfigException.check(missing == null, "ams.optimizer.default-container",
          "spark needs the spark container configured: %s", missing);
    }
  }

  /** The AMS section alone, with every container at its defaults. */
  public LakewardConfig(AmsConfig ams) {
    this(ams, null);
  }

  public static LakewardConfig defaults() {
    return new LakewardConfig(null, null);
  }

  /** Reads the file (a missing file means all defaults) with LAKEWARD_AMS_* overrides from env. */
  public static LakewardConfig load(Path file, Map<String, String> env) {
    return new ConfigBinder().bind(file, env, LakewardConfig.class);
  }
}
