package io.lakeward.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.TableIdentifier;

/** Several threads load the same table over and over through one shared catalog client. */
final class LoadTableWorkload implements Workload {
  private static final String TABLE = "load_target";

  private final int threads;
  private final Duration duration;

  LoadTableWorkload(int threads, Duration duration) {
    this.threads = threads;
    this.duration = duration;
  }

  @Override
  public String name() {
    return "loadTable, " + threads + " threads";
  }

  @Override
  public String unit() {
    return "loads/s";
  }

  @Override
  public void prepare(CatalogUnderTest target) {
    BenchTables.create(target, TABLE);
  }

  @Override
  public Harness.Sample run(CatalogUnderTest target, String round) throws Exception {
    TableIdentifier table = target.table(TABLE);
    List<Harness.Operation> clients = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      clients.add(() -> target.catalog().loadTable(table));
    }
    return Harness.timed(clients, duration);
  }
}
