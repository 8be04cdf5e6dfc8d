package io.lakeward.optimizer.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** What a rewrite on an executor sends back to the driver: the encoded task output and execution facts. */
final class ExecutorOutcome implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] output;
  private final HashMap<String, String> metrics;

  ExecutorOutcome(byte[] output, Map<String, String> metrics) {
    this.output = output.clone();
    this.metrics = new HashMap<>(metrics);
  }

  byte[] output() {
    return output.clone();
  }

  Map<String, String> metrics() {
    return Map.copyOf(metrics);
  }
}
