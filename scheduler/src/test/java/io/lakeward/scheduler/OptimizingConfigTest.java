package io.lakeward.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.InvalidInputException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptimizingConfigTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(OptimizingConfig.defaults()).isEqualTo(new OptimizingConfig(true, "default", 0.5, 134217728L, 8, 0.75,
        12, 3600000L, 0.1, -1L, Optional.empty(), 134217728L, OptimizingConfig.DEFAULT_MAX_BYTES_PER_PROCESS, 5, 60000L,
        Optional.empty()));
    assertThat(OptimizingConfig.defaults().fragmentSize()).isEqualTo(16 * 1024 * 1024);
    assertThat(OptimizingConfig.defaults().minTargetSize()).isEqualTo(100663296L);
  }

  @Test
  void readsTableProperties() {
    OptimizingConfig config = OptimizingConfig.of(Map.of(
        "self-optimizing.enabled", "false", "self-optimizing.group", "etl", "self-optimizing.quota", "4",
        "self-optimizing.target-size", "1048576", "self-optimizing.full.trigger.cron", "0 0 2 * * ?"));
    assertThat(config.enabled()).isFalse();
    assertThat(config.group()).isEqualTo("etl");
    assertThat(config.quotaThreads(10)).isEqualTo(4);
    assertThat(OptimizingConfig.defaults().quotaThreads(10)).isEqualTo(5);
    assertThat(OptimizingConfig.defaults().quotaThreads(1)).isEqualTo(1);
    assertThat(config.fragmentSize()).isEqualTo(131072);
    assertThat(config.fullTriggerCron()).contains("0 0 2 * * ?");
  }

  @Test
  void invalidValuesNameTheProperty() {
    assertThatThrownBy(() -> OptimizingConfig.of(Map.of("self-optimizing.target-size", "big")))
        .isInstanceOf(InvalidInputException.class).hasMessage("Invalid table property self-optimizing.target-size: 'big' is not an integer");
    assertThatThrownBy(() -> OptimizingConfig.of(Map.of("self-optimizing.enabled", "yes")))
        .hasMessageContaining("self-optimizing.enabled");
    assertThatThrownBy(() -> OptimizingConfig.of(Map.of("self-optimizing.min-target-size-ratio", "1.5")))
        .hasMessageContaining("self-optimizing.min-target-size-ratio");
    assertThatThrownBy(() -> OptimizingConfig.of(Map.of("self-optimizing.fragment-ratio", "0")))
        .hasMessageContaining("self-optimizing.fragment-ratio");
  }
}
