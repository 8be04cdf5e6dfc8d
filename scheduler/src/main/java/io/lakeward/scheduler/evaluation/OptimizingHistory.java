package io.lakeward.scheduler.evaluation;

/**
 * When each kind of optimizing last finished for a table (epoch millis, 0 when never), and whether
 * a full optimizing was requested (by a cron trigger or an admin).
 */
public record OptimizingHistory(long lastMinorMillis, long lastMajorMillis, long lastFullMillis, boolean fullRequested) {
  public static OptimizingHistory never() {
    return new OptimizingHistory(0, 0, 0, false);
  }
}
