package io.lakeward.ams.maintenance;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run did: named counters (files-deleted, bytes-deleted, snapshots-expired, rows-expired,
 * tags-created, ...) and a one-line summary for people. A run that found nothing to do has zero
 * counters, not an error.
 */
public record MaintenanceOutcome(Map<String, Long> metrics, String summary) {
  public MaintenanceOutcome {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
    requireNonNull(summary, "summary is null");
  }

  public long metric(String name) {
    return metrics.getOrDefault(name, 0L);
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final Map<String, Long> metrics = new LinkedHashMap<>();

    private Builder() {}

    /** Sets a counter (keeps the order counters were first set in). */
    public Builder set(String name, long value) {
      metrics.put(name, value);
      return this;
    }

    public Builder add(String name, long delta) {
      metrics.merge(name, delta, Long::sum);
      return this;
    }

    public MaintenanceOutcome build(String summary) {
      return new MaintenanceOutcome(metrics, summary);
    }
  }
}
