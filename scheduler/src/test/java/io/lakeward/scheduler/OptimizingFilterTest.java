package io.lakeward.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.InvalidInputException;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;

class OptimizingFilterTest {
  @Test
  void parsesComparisonsListsNullChecksAndBooleanLogic() {
    assertThat(OptimizingFilter.parse(null)).isEqualTo(Expressions.alwaysTrue());
    assertThat(OptimizingFilter.parse("region = 'eu'").toString()).isEqualTo(Expressions.equal("region", "eu").toString());
    assertThat(OptimizingFilter.parse("day >= '2024-01-01' AND (id < 10 OR id IS NULL)").toString())
        .isEqualTo(Expressions.and(Expressions.greaterThanOrEqual("day", "2024-01-01"),
            Expressions.or(Expressions.lessThan("id", 10L), Expressions.isNull("id"))).toString());
    assertThat(OptimizingFilter.parse("NOT region IN ('a', 'it''s')").toString())
        .isEqualTo(Expressions.not(Expressions.in("region", "a", "it's")).toString());
    assertThat(OptimizingFilter.parse("x <> 1.5 or flag = true").toString())
        .isEqualTo(Expressions.or(Expressions.notEqual("x", 1.5), Expressions.equal("flag", true)).toString());
  }

  @Test
  void invalidFiltersNameTheProblem() {
    for (String bad : new String[] {"region =", "region = 'eu", "= 3", "region ~ 3", "a = 1 b", "(a = 1", "a NOT = 1"}) {
      assertThatThrownBy(() -> OptimizingFilter.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Invalid table property self-optimizing.filter").hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> OptimizingConfig.of(Map.of(OptimizingConfig.FILTER, "id >")))
        .isInstanceOf(InvalidInputException.class);
  }
}
