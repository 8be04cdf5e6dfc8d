package io.lakeward.scheduler.evaluation;

import static io.lakeward.scheduler.TestTables.MB;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.TestTables;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableEvaluatorTest {
  private static final long NOW = 10_000_000_000L;
  private static final OptimizingHistory JUST_OPTIMIZED = new OptimizingHistory(NOW, NOW, NOW, false);

  @TempDir
  Path dir;

  private final TableEvaluator evaluator = new TableEvaluator();
  private final OptimizingConfig config = OptimizingConfig.defaults();

  @Test
  void emptyTableIsHealthyAndNeedsNothing() {
    TableEvaluation evaluation = evaluator.evaluate(TestTables.partitionedByRegion(dir), config, OptimizingHistory.never(), NOW);
    assertThat(evaluation.pending()).isEmpty();
    assertThat(evaluation.healthScore()).isEqualTo(100);
  }

  @Test
  void fragmentsTriggerMinorAtTheFileCountOrAfterTheInterval() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 11, MB);
    TestTables.appendEach(table, "us", 1, 200 * MB);
    assertThat(evaluator.evaluate(table, config, JUST_OPTIMIZED, NOW).pending()).isEmpty();
    assertThat(evaluator.evaluate(table, config, OptimizingHistory.never(), NOW).pending()).contains(OptimizingType.MINOR);

    TestTables.appendEach(table, "eu", 1, MB);
    TableEvaluation evaluation = evaluator.evaluate(table, config, JUST_OPTIMIZED, NOW);
    assertThat(evaluation.pending()).contains(OptimizingType.MINOR);
    assertThat(evaluation.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    PartitionStats eu = partition(evaluation, "region=eu");
    assertThat(eu.fragmentFiles()).isEqualTo(12);
    assertThat(eu.fragmentBytes()).isEqualTo(12 * MB);
    assertThat(partition(evaluation, "region=us").fullFiles()).isEqualTo(1);
    assertThat(evaluation.healthScore()).isLessThan(100).isGreaterThan(0);
  }

  @Test
  void equalityDeletesCountOnceTowardsMinor() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 6, MB);
    for (int i = 0; i < 6; i++) {
      table.newRowDelta().addDeletes(TestTables.equalityDeletes(table, "eu", 5)).commit();
    }
    TableEvaluation evaluation = evaluator.evaluate(table, config, JUST_OPTIMIZED, NOW);
    assertThat(partition(evaluation, "region=eu").equalityDeleteFiles()).isEqualTo(6);
    assertThat(evaluation.pending()).contains(OptimizingType.MINOR);
  }

  @Test
  void undersizedSegmentsThatFillATargetTriggerMajor() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 2, 70 * MB);
    TableEvaluation evaluation = evaluator.evaluate(table, config, JUST_OPTIMIZED, NOW);
    assertThat(partition(evaluation, "region=eu").undersizedFiles()).isEqualTo(2);
    assertThat(evaluation.pending()).contains(OptimizingType.MAJOR);

    Table small = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(small, "eu", 2, 30 * MB);
    assertThat(evaluator.evaluate(small, config, JUST_OPTIMIZED, NOW).pending()).isEmpty();
  }

  @Test
  void positionDeletesAboveTheDuplicateRatioTriggerMajor() {
    Table table = TestTables.partitionedByRegion(dir);
    DataFile big = TestTables.dataFile(table, "eu", 130 * MB, 1000);
    table.newFastAppend().appendFile(big).commit();
    table.newRowDelta().addDeletes(TestTables.positionDeletes(table, "eu", 50)).commit();
    assertThat(evaluator.evaluate(table, config, JUST_OPTIMIZED, NOW).pending()).isEmpty();
    table.newRowDelta().addDeletes(TestTables.positionDeletes(table, "eu", 100)).commit();
    TableEvaluation evaluation = evaluator.evaluate(table, config, JUST_OPTIMIZED, NOW);
    assertThat(partition(evaluation, "region=eu").heavilyDeletedFiles()).isEqualTo(1);
    assertThat(evaluation.pending()).contains(OptimizingType.MAJOR);
  }

  @Test
  void fullRunsOnItsIntervalOrWhenRequested() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 1, 200 * MB);
    OptimizingConfig hourly = OptimizingConfig.of(Map.of(OptimizingConfig.FULL_TRIGGER_INTERVAL, "3600000"));
    assertThat(evaluator.evaluate(table, hourly, JUST_OPTIMIZED, NOW).pending()).isEmpty();
    assertThat(evaluator.evaluate(table, hourly, new OptimizingHistory(NOW, NOW, NOW - 3600000, false), NOW).pending())
        .contains(OptimizingType.FULL);
    assertThat(evaluator.evaluate(table, config, new OptimizingHistory(NOW, NOW, NOW, true), NOW).pending())
        .contains(OptimizingType.FULL);
    assertThat(evaluator.evaluate(table, config, JUST_OPTIMIZED, NOW).healthScore()).isEqualTo(100);
  }

  private static PartitionStats partition(TableEvaluation evaluation, String name) {
    return evaluation.partitions().stream().filter(p -> p.partition().equals(name)).findFirst().orElseThrow();
  }
}
