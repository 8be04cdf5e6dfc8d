package io.lakeward.scheduler.runtime;

import static io.lakeward.scheduler.runtime.OptimizingStatus.COMMITTING;
import static io.lakeward.scheduler.runtime.OptimizingStatus.FULL_OPTIMIZING;
import static io.lakeward.scheduler.runtime.OptimizingStatus.IDLE;
import static io.lakeward.scheduler.runtime.OptimizingStatus.MAJOR_OPTIMIZING;
import static io.lakeward.scheduler.runtime.OptimizingStatus.MINOR_OPTIMIZING;
import static io.lakeward.scheduler.runtime.OptimizingStatus.PENDING;
import static io.lakeward.scheduler.runtime.OptimizingStatus.PLANNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.scheduler.OptimizingType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptimizingStatusTest {
  @Test
  void theHappyPathOfEachType() {
    for (OptimizingType type : OptimizingType.values()) {
      OptimizingStatus status = IDLE.moveTo(PENDING).moveTo(PLANNING).moveTo(OptimizingStatus.optimizing(type));
      assertThat(status.isOptimizing()).isTrue();
      assertThat(status.moveTo(COMMITTING).moveTo(IDLE)).isEqualTo(IDLE);
    }
  }

  @Test
  void exactlyTheDocumentedMovesAreAllowed() {
    Set<String> allowed = Set.of(
        "IDLE>PENDING", "PENDING>PLANNING", "PENDING>IDLE", "PLANNING>IDLE", "PLANNING>PENDING",
        "PLANNING>MINOR_OPTIMIZING", "PLANNING>MAJOR_OPTIMIZING", "PLANNING>FULL_OPTIMIZING",
        "MINOR_OPTIMIZING>COMMITTING", "MAJOR_OPTIMIZING>COMMITTING", "FULL_OPTIMIZING>COMMITTING",
        "MINOR_OPTIMIZING>IDLE", "MAJOR_OPTIMIZING>IDLE", "FULL_OPTIMIZING>IDLE", "COMMITTING>IDLE");
    for (OptimizingStatus from : OptimizingStatus.values()) {
      for (OptimizingStatus to : OptimizingStatus.values()) {
        assertThat(from.canMoveTo(to)).as(from + ">" + to).isEqualTo(allowed.contains(from + ">" + to));
      }
    }
  }

  @Test
  void refusedMovesNameBothEnds() {
    assertThatThrownBy(() -> IDLE.moveTo(COMMITTING)).isInstanceOf(ConflictException.class)
        .hasMessage("Cannot move a table from IDLE to COMMITTING");
    assertThatThrownBy(() -> COMMITTING.moveTo(PLANNING)).isInstanceOf(ConflictException.class);
    assertThat(EnumSet.of(MINOR_OPTIMIZING, MAJOR_OPTIMIZING, FULL_OPTIMIZING))
        .allMatch(OptimizingStatus::isOptimizing);
    assertThat(PENDING.isOptimizing()).isFalse();
  }
}
