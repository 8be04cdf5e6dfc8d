package io.lakeward.scheduler.evaluation;

import io.lakeward.scheduler.OptimizingType;
import java.util.List;
import java.util.Optional;

/**
 * The result of evaluating a table at one snapshot: per-partition statistics, the optimizing that
 * is due (if any) and a 0-100 health score (100: no small files and no deletes to apply).
 */
public record TableEvaluation(
    long snapshotId,
    List<PartitionStats> partitions,
    Optional<OptimizingType> pending,
    int healthScore,
    String reason) {

  public TableEvaluation {
    partitions = List.copyOf(partitions);
  }

  public int dataFiles() {
    return partitions.stream().mapToInt(PartitionStats::dataFiles).sum();
  }

  public int fragmentFiles() {
    return partitions.stream().mapToInt(PartitionStats::fragmentFiles).sum();
  }

  public int equalityDeleteFiles() {
    return partitions.stream().mapToInt(PartitionStats::equalityDeleteFiles).sum();
  }

  public int positionDeleteFiles() {
    return partitions.stream().mapToInt(PartitionStats::positionDeleteFiles).sum();
  }
}
