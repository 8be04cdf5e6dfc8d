package io.lakeward.ams.maintenance;

import java.util.ArrayList;
import java.util.List;

/** The maintainers this AMS runs, one per action. */
public final class Maintainers {
  private Maintainers() {}

  public static List<TableMaintainer> all() {
    List<TableMaintainer> maintainers = new ArrayList<>();
    maintainers.add(new AutoTagging());
    maintainers.add(new DataExpiration());
    maintainers.add(new SnapshotExpiration());
    maintainers.add(new DanglingDeleteCleaning());
    maintainers.add(new OrphanFileCleaning());
    return List.copyOf(maintainers);
  }
}
