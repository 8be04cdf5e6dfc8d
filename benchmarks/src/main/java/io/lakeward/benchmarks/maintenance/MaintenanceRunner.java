package io.lakeward.benchmarks.maintenance;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmark: generates the table once, gives each contestant an identical hard-link copy of it, runs
 * the actions on each copy in turn (each action in a fresh JVM), checks the disk after every action, and
 * compares what the two copies kept.
 *
 * <p>Every path in the table's metadata is absolute, so a copy is moved to the generated table's path
 * ({@code work/table}) while its contestant runs, and moved back after: renames, not copies. Hard links make
 * the copies cheap (a million files each); deleting a file in one copy unlinks only that copy's name, and
 * every writer here creates new files (the pointer is replaced by a rename), so the copies never share a change.
 */
final class MaintenanceRunner {
  /** What the run produced, for the report. */
  record Outcome(GeneratedTable table, Map<String, Long> filesByKind, double copySeconds, int firstRetained,
      long[] expectedFreed, List<ActionRun> runs, Map<String, String> agreement) {
  }

  private final MaintenanceSettings settings;
  private final Path work;
  private final PrintStream out;
  private final FileCensus census = new FileCensus();

  MaintenanceRunner(MaintenanceSettings settings, Path work, PrintStream out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.work = requireNonNull(work, "work is null");
    this.out = requireNonNull(out, "out is null");
  }

  Outcome run() throws IOException, InterruptedException {
    Path root = work.resolve("table");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    out.printf("Generating the table: %,d data files, %,d snapshots over %d days, %,d orphans%n", settings.files(),
        settings.snapshots(), settings.history().toDays(), settings.orphans());
    GeneratedTable table = new HistoryGenerator(settings, root, now, out).generate();
    String[] pristine = census.list(root);
    Map<String, Long> byKind = new LinkedHashMap<>();
    for (String path : pristine) {
      byKind.merge(FileCensus.kind(path), 1L, Long::sum);
    }
    out.printf("Generated in %.0f s: %,d files %s%n", table.seconds(), pristine.length, byKind);

    long copyStart = System.nanoTime();
    Path original = work.resolve("generated");
    Files.move(root, original);
    List<String> sides = List.of(ContestantLauncher.ICEBERG, ContestantLauncher.LAKEWARD);
    for (String side : sides) {
      exec("cp", "-al", original.toString(), copy(side).toString());
    }
    double copySeconds = (System.nanoTime() - copyStart) / 1e9;
    out.printf("Hard-link copies for both contestants in %.0f s%n", copySeconds);

    int firstRetained = table.firstRetained(settings.keep(), settings.keepMinCount());
    long[] expectedFreed = table.lastNeeded().freedBefore(firstRetained);
    out.printf("Expected: %,d old orphans go; expiration keeps %,d snapshots and frees %,d data files, %,d manifests, "
        + "%,d manifest lists%n", table.oldOrphans().size(), table.snapshots() - firstRetained, expectedFreed[0],
        expectedFreed[1], expectedFreed[2]);
    ContestantLauncher launcher = new ContestantLauncher(settings, work.resolve("logs"), out);
    List<ActionRun> runs = new ArrayList<>();
    for (String side : sides) {
      Files.move(copy(side), root);
      try {
        String[] before = pristine;
        for (String action : actions()) {
          ActionRun run = launcher.run(side, action, table);
          String[] after = census.list(root);
          FileCensus.Needed needed = census.needed(root, table.pointer());
          ActionCheck check = action.equals(MaintenanceSettings.ORPHANS)
              ? ActionCheck.orphans(before, after, needed, table)
              : ActionCheck.expiration(before, after, needed, table, expectedFreed);
          run = run.withCheck(check);
          FileCensus.write(listing(side, action), generatedOnly(after, pristine));
          print(run);
          runs.add(run);
          before = after;
        }
      } finally {
        Files.move(root, copy(side));
      }
    }
    Map<String, String> agreement = new LinkedHashMap<>();
    for (String action : actions()) {
      agreement.put(action, compare(sides.get(0), listing(sides.get(0), action), sides.get(1),
          listing(sides.get(1), action)));
      out.printf("%s: %s%n", action, agreement.get(action));
    }
    return new Outcome(table, byKind, copySeconds, firstRetained, expectedFreed, runs, agreement);
  }

  private List<String> actions() {
    List<String> actions = new ArrayList<>();
    if (settings.cleanOrphans()) {
      actions.add(MaintenanceSettings.ORPHANS);
    }
    if (settings.expireSnapshots()) {
      actions.add(MaintenanceSettings.EXPIRE);
    }
    return actions;
  }

  private void print(ActionRun run) {
    if (run.ok()) {
      out.printf(Locale.ROOT, "  %-8s %s: %.1f s, CPU %.1f s, heap peak %d MiB in use / %d MiB after GC of %d MiB "
          + "(the JVM: %.1f s)%n", run.side(), run.action(), run.seconds(), run.cpuSeconds(), run.heapPeakUsed() >> 20,
          run.heapPeakAfterGc() >> 20, run.heapMax() >> 20, run.processSeconds());
    } else {
      out.printf(Locale.ROOT, "  %-8s %s: FAILED (%s), its JVM ended after %.1f s%n", run.side(), run.action(),
          run.failure().get(), run.processSeconds());
    }
    run.check().ifPresent(c -> out.printf(Locale.ROOT, "           deleted %s, wrote %d, left %,d files, "
        + "%,d snapshots; safe %s, complete %s %s%n", c.deleted(), c.written(), c.left(), c.snapshots(), c.safe(),
        c.complete(), c.examples().isEmpty() ? "" : c.examples()));
    out.println("           reported: " + run.counters());
  }

  private Path copy(String side) {
    return work.resolve("copy-" + side.toLowerCase(Locale.ROOT));
  }

  private Path listing(String side, String action) throws IOException {
    return Files.createDirectories(work.resolve("listings")).resolve(side.toLowerCase(Locale.ROOT) + "-" + action
        + ".txt");
  }

  /** The files of {@code after} that the generator wrote: what the actions wrote themselves is named at random. */
  private static String[] generatedOnly(String[] after, String[] generated) {
    List<String> kept = new ArrayList<>(after.length);
    int j = 0;
    for (String path : after) {
      while (j < generated.length && generated[j].compareTo(path) < 0) {
        j++;
      }
      if (j < generated.length && generated[j].equals(path)) {
        kept.add(path);
      }
    }
    return kept.toArray(String[]::new);
  }

  /** "same N files" or how two sides' sorted listings differ. */
  private static String compare(String firstSide, Path first, String secondSide, Path second) throws IOException {
    long same = 0;
    long onlyFirst = 0;
    long onlySecond = 0;
    List<String> examples = new ArrayList<>();
    try (BufferedReader a = Files.newBufferedReader(first, StandardCharsets.UTF_8);
        BufferedReader b = Files.newBufferedReader(second, StandardCharsets.UTF_8)) {
      String x = a.readLine();
      String y = b.readLine();
      while (x != null || y != null) {
        int order = x == null ? 1 : y == null ? -1 : x.compareTo(y);
        if (order == 0) {
          same++;
          x = a.readLine();
          y = b.readLine();
        } else if (order < 0) {
          onlyFirst++;
          if (examples.size() < 2) {
            examples.add("only " + firstSide + "'s: " + x);
          }
          x = a.readLine();
        } else {
          onlySecond++;
          if (examples.size() < 2) {
            examples.add("only " + secondSide + "'s: " + y);
          }
          y = b.readLine();
        }
      }
    }
    if (onlyFirst == 0 && onlySecond == 0) {
      return String.format(Locale.ROOT, "both copies kept the same %,d generated files", same);
    }
    return String.format(Locale.ROOT, "the copies differ: %,d files kept by both, %,d only by %s's, %,d only by %s's; "
        + "e.g. %s", same, onlyFirst, firstSide, onlySecond, secondSide, examples);
  }

  private static void exec(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException("Cannot run " + String.join(" ", command) + ": exit code " + exit);
    }
  }
}
