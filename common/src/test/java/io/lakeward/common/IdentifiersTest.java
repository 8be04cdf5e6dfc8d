package io.lakeward.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
  @ParameterizedTest
  @ValueSource(strings = {"orders", "sales_2024", "Ünïcode-表", "a.b", "x"})
  void acceptsOrdinaryNames(String name) {
    assertThat(Identifiers.checkName("table", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", ".", "a/b", "a\\b", "../etc", "a..b", " lead", "trail ", "tab\tname", "nul\u0000"})
  void refusesNamesThatCouldEscapeOrConfuse(String name) {
    assertThatThrownBy(() -> Identifiers.checkName("table", name))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
        .hasMessageStartingWith("Invalid table name");
  }

  @ParameterizedTest
  @ValueSource(ints = {129, 1000})
  void refusesNamesLongerThanTheLimit(int length) {
    assertThatThrownBy(() -> Identifiers.checkName("database", "d".repeat(length)))
        .hasMessageContaining("longer than 128");
    assertThat(Identifiers.checkName("database", "d".repeat(128))).hasSize(128);
  }
}
