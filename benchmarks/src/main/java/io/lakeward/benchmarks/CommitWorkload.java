package io.lakeward.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * Each client appends one metadata-only data file per commit to its own table (fast append), a fixed
 * number of times per round.
 *
 * <p>Every round starts on fresh tables and every path makes the same number of commits: a commit
 * rewrites the table's metadata file and manifest list, which grow with every snapshot, so a path
 * that had made more commits before would be measured on bigger tables. One table per client keeps
 * concurrent clients from conflicting, so the rate is the catalog's, not Iceberg's retry back-off.
 */
final class CommitWorkload implements Workload {
  private final int clients;
  private final int commitsPerClient;

  CommitWorkload(int clients, int commitsPerClient) {
    this.clients = clients;
    this.commitsPerClient = commitsPerClient;
  }

  @Override
  public String name() {
    return clients == 1 ? "commit (append), 1 client" : "commit (append), " + clients + " clients, own tables";
  }

  @Override
  public String unit() {
    return "commits/s";
  }

  @Override
  public void prepare(CatalogUnderTest target) {
  }

  @Override
  public Harness.Sample run(CatalogUnderTest target, String round) throws Exception {
    List<Harness.Operation> writers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      // A writer keeps its Table, as a streaming job does; each commit refreshes it from the catalog.
      Table table = BenchTables.create(target, "commit_" + clients + "c_" + round + "_" + i);
      writers.add(() -> table.newFastAppend().appendFile(BenchTables.fakeDataFile(table)).commit());
    }
    return Harness.counted(writers, commitsPerClient);
  }
}
