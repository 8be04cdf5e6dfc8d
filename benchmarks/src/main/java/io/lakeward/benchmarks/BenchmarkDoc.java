package io.lakeward.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * docs/benchmarks.md collects sections of several benchmarks; this one owns only the text between its
 * two markers and leaves the rest of the file as it is.
 */
final class BenchmarkDoc {
  static final String START = "<!-- catalog-benchmark:start -->";
  static final String END = "<!-- catalog-benchmark:end -->";

  private static final String HEADER = """
      # Benchmarks

      Results of the benchmarks in `benchmarks/`. Each section is written by the command it names and
      is replaced when that command runs again; text outside the sections is kept.

      """;

  private BenchmarkDoc() {
  }

  static void writeSection(Path file, String section) throws IOException {
    String block = START + "\n" + section + END;
    String updated;
    if (Files.exists(file)) {
      String current = Files.readString(file, StandardCharsets.UTF_8);
      int start = current.indexOf(START);
      int end = current.indexOf(END, Math.max(start, 0));
      if (start >= 0 && end >= 0) {
        updated = current.substring(0, start) + block + current.substring(end + END.length());
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
