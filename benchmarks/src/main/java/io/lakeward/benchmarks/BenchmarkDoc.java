package io.lakeward.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * docs/benchmarks.md collects sections of several benchmarks; each benchmark owns only the text
 * between its two markers ({@code <!-- NAME:start -->} and {@code <!-- NAME:end -->}) and leaves the
 * rest of the file as it is.
 */
public final class BenchmarkDoc {
  /** The catalog benchmark's section. */
  static final String CATALOG = "catalog-benchmark";

  private static final String HEADER = """
      # Benchmarks

      Results of the benchmarks in `benchmarks/`. Each section is written by the command it names and
      is replaced when that command runs again; text outside the sections is kept.

      """;

  private BenchmarkDoc() {
  }

  /** Replaces the section {@code name} of {@code file}, or appends it when the file has none yet. */
  public static void writeSection(Path file, String name, String section) throws IOException {
    String start = "<!-- " + name + ":start -->";
    String end = "<!-- " + name + ":end -->";
    String block = start + "\n" + section + end;
    String updated;
    if (Files.exists(file)) {
      String current = Files.readString(file, StandardCharsets.UTF_8);
      int from = current.indexOf(start);
      int to = current.indexOf(end, Math.max(from, 0));
      if (from >= 0 && to >= 0) {
        updated = current.substring(0, from) + block + current.substring(to + end.length());
      } else {
        updated = current + (current.isEmpty() || current.endsWith("\n\n") ? "" : current.endsWith("\n") ? "\n" : "\n\n")
            + block + "\n";
      }
    } else {
      updated = HEADER + block + "\n";
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Written aside and moved, so an interrupted run never leaves half a file.
    Path temp = Files.createTempFile(parent, ".benchmarks", ".md");
    Files.writeString(temp, updated, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
