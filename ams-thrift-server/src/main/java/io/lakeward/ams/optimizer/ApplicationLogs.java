package io.lakeward.ams.optimizer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The end of an application's log, for messages that say why it ended without opening the file. */
final class ApplicationLogs {
  private static final int TAIL_BYTES = 4096;
  private static final int LINES = 3;
  private static final int MAX_LINE = 300;

  private ApplicationLogs() {}

  static String seeLog(String path) {
    return path == null ? "" : " (log: " + path + ")";
  }

  /** "; last output: a | b | c (log: path)", or just the log when nothing can be read. */
  static String lastLines(String path) {
    if (path == null) {
      return "";
    }
    List<String> lines = tail(path);
    return lines.isEmpty() ? seeLog(path) : "; last output: " + String.join(" | ", lines) + seeLog(path);
  }

  private static List<String> tail(String path) {
    try (RandomAccessFile file = new RandomAccessFile(path, "r")) {
      long start = Math.max(0, file.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      List<String> lines = Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\n"))
          .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("# ")).toList();
      return lines.subList(Math.max(0, lines.size() - LINES), lines.size()).stream()
          .map(l -> l.length() <= MAX_LINE ? l : l.substring(0, MAX_LINE) + "...").toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
