package io.lakeward.scheduler.planning;

import static io.lakeward.scheduler.TestTables.MB;
import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.TestTables;
import io.lakeward.scheduler.evaluation.OptimizingHistory;
import io.lakeward.scheduler.evaluation.TableEvaluation;
import io.lakeward.scheduler.evaluation.TableEvaluator;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizingPlannerTest {
  @TempDir
  Path dir;

  private final TableEvaluator evaluator = new TableEvaluator();
  private final OptimizingPlanner planner = new OptimizingPlanner();

  @Test
  void minorBinPacksFragmentsPerPartitionWithinTheTaskSize() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 30, MB);
    TestTables.appendEach(table, "us", 2, MB);
    TestTables.appendEach(table, "us", 1, 200 * MB);
    OptimizingConfig config = OptimizingConfig.of(Map.of(OptimizingConfig.MAX_TASK_SIZE_BYTES, String.valueOf(10 * MB)));

    OptimizingPlan plan = plan(table, config, OptimizingType.MINOR).orElseThrow();
    assertThat(plan.snapshotId()).isEqualTo(table.currentSnapshot().snapshotId());
    assertThat(plan.tasks()).allSatisfy(task -> assertThat(task.dataBytes()).isLessThanOrEqualTo(10 * MB));
    assertThat(plan.tasks()).extracting(PlannedTask::partition).containsOnly("region=eu", "region=us");
    Set<String> planned = new HashSet<>();
    plan.tasks().forEach(t -> t.dataFiles().forEach(f -> assertThat(planned.add(f.location())).isTrue()));
    assertThat(planned).hasSize(32);
    assertThat(plan.tasks().stream().filter(t -> t.partition().equals("region=eu")).count()).isEqualTo(3);
  }

  @Test
  void deleteFilesGoOnlyWhenEveryFileTheyApplyToIsRewritten() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 12, MB);
    DeleteFile euDeletes = TestTables.equalityDeletes(table, "eu", 5);
    table.newRowDelta().addDeletes(euDeletes).commit();
    TestTables.appendEach(table, "ap", 12, MB);
    table.newFastAppend().appendFile(TestTables.dataFile(table, "ap", 200 * MB, 1000)).commit();
    DeleteFile apDeletes = TestTables.equalityDeletes(table, "ap", 5);
    table.newRowDelta().addDeletes(apDeletes).commit();

    OptimizingPlan minor = plan(table, OptimizingConfig.defaults(), OptimizingType.MINOR).orElseThrow();
    assertThat(minor.removableDeletes()).extracting(DeleteFile::location)
        .as("the ap delete still applies to the full-size ap file, which minor does not rewrite")
        .containsExactly(euDeletes.location());
    assertThat(minor.tasks()).filteredOn(t -> t.partition().equals("region=ap"))
        .allSatisfy(t -> assertThat(t.deleteFiles()).extracting(DeleteFile::location).contains(apDeletes.location()));

    OptimizingPlan full = plan(table, OptimizingConfig.defaults(), OptimizingType.FULL).orElseThrow();
    assertThat(full.removableDeletes()).extracting(DeleteFile::location)
        .containsExactlyInAnyOrder(euDeletes.location(), apDeletes.location());
    assertThat(full.dataFiles()).isEqualTo(25);
  }

  @Test
  void oneProcessStaysWithinMaxBytesTakingTheCostliestPartitionFirst() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 20, MB);
    TestTables.appendEach(table, "us", 14, MB);
    OptimizingConfig config = OptimizingConfig.of(Map.of(OptimizingConfig.MAX_BYTES_PER_PROCESS, String.valueOf(25 * MB)));
    OptimizingPlan plan = plan(table, config, OptimizingType.MINOR).orElseThrow();
    assertThat(plan.tasks()).extracting(PlannedTask::partition).containsOnly("region=eu");
    assertThat(plan.inputBytes()).isEqualTo(20 * MB);
  }

  @Test
  void nothingWorthRewritingGivesNoPlan() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 1, MB);
    TestTables.appendEach(table, "us", 1, 200 * MB);
    assertThat(plan(table, OptimizingConfig.defaults(), OptimizingType.MINOR)).isEmpty();
    OptimizingPlan full = plan(table, OptimizingConfig.defaults(), OptimizingType.FULL).orElseThrow();
    assertThat(full.tasks()).extracting(t -> t.dataFiles().size()).containsOnly(1);
    assertThat(full.dataFiles()).isEqualTo(2);
  }

  @Test
  void majorRewritesHeavilyDeletedFullFiles() {
    Table table = TestTables.partitionedByRegion(dir);
    DataFile big = TestTables.dataFile(table, "eu", 130 * MB, 1000);
    table.newFastAppend().appendFile(big).commit();
    TestTables.appendEach(table, "eu", 1, 130 * MB);
    table.newRowDelta().addDeletes(TestTables.positionDeletes(table, "eu", 500)).commit();
    OptimizingPlan plan = plan(table, OptimizingConfig.defaults(), OptimizingType.MAJOR).orElseThrow();
    assertThat(plan.dataFiles()).isGreaterThanOrEqualTo(1);
    assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.deleteFiles()).hasSize(1));
  }

  @Test
  void filterLimitsWhatIsOptimizedAndKeepsDeletesOfFilesOutsideIt() {
    Table table = TestTables.partitionedByRegion(dir);
    TestTables.appendEach(table, "eu", 12, MB);
    TestTables.appendEach(table, "us", 12, MB);
    DeleteFile usDeletes = TestTables.equalityDeletes(table, "us", 5);
    table.newRowDelta().addDeletes(usDeletes).commit();
    OptimizingConfig config = OptimizingConfig.of(Map.of(OptimizingConfig.FILTER, "region = 'eu'"));

    OptimizingPlan plan = plan(table, config, OptimizingType.FULL).orElseThrow();
    assertThat(plan.tasks()).extracting(PlannedTask::partition).containsOnly("region=eu");
    assertThat(plan.dataFiles()).isEqualTo(12);
    assertThat(plan.removableDeletes()).isEmpty();

    OptimizingConfig usOnly = OptimizingConfig.of(Map.of(OptimizingConfig.FILTER, "region IN ('us') AND id >= 0"));
    OptimizingPlan us = plan(table, usOnly, OptimizingType.FULL).orElseThrow();
    assertThat(us.tasks()).extracting(PlannedTask::partition).containsOnly("region=us");
    assertThat(us.removableDeletes()).extracting(DeleteFile::location).containsExactly(usDeletes.location());
  }

  private Optional<OptimizingPlan> plan(Table table, OptimizingConfig config, OptimizingType type) {
    TableEvaluation evaluation = evaluator.evaluate(table, config, OptimizingHistory.never(), System.currentTimeMillis());
    return planner.plan(table, evaluation, config, type);
  }
}
