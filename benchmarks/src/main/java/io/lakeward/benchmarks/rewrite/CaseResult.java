package io.lakeward.benchmarks.rewrite;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A case: its generated source table ({@code source}: files, bytes, rows) and every contestant's run.
 */
record CaseResult(RewriteCase rewriteCase, Map<String, String> source, List<ContestantRun> runs) {
  CaseResult {
    source = Map.copyOf(source);
    runs = List.copyOf(runs);
  }

  Optional<ContestantRun> run(Contestant contestant) {
    return runs.stream().filter(r -> r.contestant() == contestant).findFirst();
  }

  long inputBytes() {
    return Long.parseLong(source.get("data-bytes")) + Long.parseLong(source.getOrDefault("delete-bytes", "0"));
  }
}
