package io.lakeward.ams.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakeward.common.config.ConfigBinder;
import java.nio.file.Path;
import java.util.Map;

/** The whole of conf/config.yaml, bound once at start-up. Later subsystems add their sections here. */
public record LakewardConfig(@JsonProperty("ams") AmsConfig ams) {

  public LakewardConfig {
    ams = ams == null ? AmsConfig.defaults() : ams;
  }

  public static LakewardConfig defaults() {
    return new LakewardConfig(null);
  }

  /** Reads the file (a missing file means all defaults) with LAKEWARD_AMS_* overrides from env. */
  public static LakewardConfig load(Path file, Map<String, String> env) {
    return new ConfigBinder().bind(file, env, LakewardConfig.class);
  }
}
