package io.lakeward.benchmarks;

import java.util.List;

/** Mean and spread of the per-iteration rates of one workload on one path. */
record Stats(int n, double mean, double stdDev, double min, double max) {

  static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double mean = sum / values.size();
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    // Sample standard deviation: the iterations are a sample of what the path can do.
    double stdDev = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0;
    return new Stats(values.size(), mean, stdDev, min, max);
  }
}
