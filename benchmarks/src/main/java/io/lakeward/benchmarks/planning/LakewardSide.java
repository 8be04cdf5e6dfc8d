package io.lakeward.benchmarks.planning;

import io.lakeward.scheduler.OptimizingConfig;
import io.lakeward.scheduler.OptimizingType;
import io.lakeward.scheduler.evaluation.OptimizingHistory;
import io.lakeward.scheduler.evaluation.TableEvaluation;
import io.lakeward.scheduler.evaluation.TableEvaluator;
import io.lakeward.scheduler.planning.OptimizingPlan;
import io.lakeward.scheduler.planning.OptimizingPlanner;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * Lakeward's scheduler: the table's optimizing config from its properties, {@link TableEvaluator}
 * (one pass over the manifests), then for a plan {@link OptimizingPlanner} with MINOR (a second pass).
 * A table that was never optimized: every trigger interval has elapsed.
 */
final class LakewardSide implements PlanningSide {
  static final String NAME = "lakeward";

  private final TableEvaluator evaluator = new TableEvaluator();
  private final OptimizingPlanner planner = new OptimizingPlanner();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome plan(Table table) {
    long start = System.nanoTime();
    OptimizingConfig config = OptimizingConfig.of(table.properties());
    TableEvaluation evaluation = evaluator.evaluate(table, config, OptimizingHistory.never(), System.currentTimeMillis());
    long evaluated = System.nanoTime();
    Optional<OptimizingPlan> plan = planner.plan(table, evaluation, config, OptimizingType.MINOR);
    long planned = System.nanoTime();
    return new Outcome(evaluated - start, planned - evaluated, evaluation.partitions().size(),
        plan.map(p -> p.tasks().size()).orElse(0), plan.map(OptimizingPlan::dataFiles).orElse(0),
        plan.map(OptimizingPlan::inputBytes).orElse(0L));
  }

  @Override
  public Outcome assess(Table table) {
    long start = System.nanoTime();
    OptimizingConfig config = OptimizingConfig.of(table.properties());
    TableEvaluation evaluation = evaluator.evaluate(table, config, OptimizingHistory.never(), System.currentTimeMillis());
    return new Outcome(System.nanoTime() - start, 0, evaluation.partitions().size(), 0, evaluation.dataFiles(), 0);
  }
}
