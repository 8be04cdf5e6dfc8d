package io.lakeward.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void durationsParseAndFormatBothWays() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1500")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5min")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse(" 2h ")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("1min");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
    for (String bad : new String[] {"", "soon", "-5s", "5 weeks", "1.5h"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a duration");
    }
  }

  @Test
  void dataSizesParseAndFormatBothWays() {
    assertThat(DataSize.parse("512").bytes()).isEqualTo(512);
    assertThat(DataSize.parse("64KB").bytes()).isEqualTo(64 * 1024);
    assertThat(DataSize.parse("100mb").bytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(DataSize.parse("2GB").bytes()).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThat(DataSize.ofMegabytes(100).toString()).isEqualTo("100MB");
    assertThat(new DataSize(1000).toString()).isEqualTo("1000");
    assertThatThrownBy(() -> DataSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DataSize.parse("99999999999TB")).isInstanceOf(ArithmeticException.class);
  }
}
