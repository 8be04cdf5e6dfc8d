package io.lakeward.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The measured rates of one workload on one path, or why the path could not run it. */
final class PathResult {
  private final List<Double> rates = new ArrayList<>();
  private String failure;

  void add(double rate) {
    rates.add(rate);
  }

  void fail(Exception e) {
    failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
  }

  boolean failed() {
    return failure != null;
  }

  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** Empty when the path failed or nothing was measured. */
  Optional<Stats> stats() {
    return failed() || rates.isEmpty() ? Optional.empty() : Optional.of(Stats.of(rates));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
