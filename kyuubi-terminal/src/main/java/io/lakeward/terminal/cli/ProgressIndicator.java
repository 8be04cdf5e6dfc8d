package io.lakeward.terminal.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress indicator on stderr while a script runs: a spinner, which statement runs, for how long, and the
 * start of its SQL. Drawn only when stderr is a terminal (a disabled indicator writes nothing), and erased before
 * any result or error is printed so it never ends up in a log or between table lines.
 */
final class ProgressIndicator {
  private static final String FRAMES = "|/-\\";
  private static final int SQL_PREVIEW = 48;
  private static final String ERASE_LINE = "\r\033[K";

  private final PrintStream err;
  private final boolean enabled;
  private final LongSupplier nanoTime;
  private long startedNanos;
  private int frame;
  private boolean shown;

  ProgressIndicator(PrintStream err, boolean enabled, LongSupplier nanoTime) {
    this.err = requireNonNull(err, "err is null");
    this.enabled = enabled;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
  }

  /** Starts timing a new submission. */
  synchronized void start() {
    startedNanos = nanoTime.getAsLong();
    frame = 0;
  }

  /** Redraws the line for the execution's current state. */
  synchronized void update(AmsExecution execution) {
    if (!enabled) {
      return;
    }
    AmsStatement running = execution.current();
    double seconds = (nanoTime.getAsLong() - startedNanos) / 1e9;
    StringBuilder line = new StringBuilder(ERASE_LINE).append(FRAMES.charAt(frame++ % FRAMES.length())).append(' ');
    if (running == null) {
      line.append("running");
    } else {
      int position = execution.statements().indexOf(running) + 1;
      line.append("statement ").append(position).append('/').append(execution.statements().size());
    }
    line.append(String.format(Locale.ROOT, " %.1f s", seconds));
    if (running != null && running.sql() != null) {
      line.append("  ").append(preview(running.sql()));
    }
    err.print(line);
    err.flush();
    shown = true;
  }

  /** Erases the line, if one is drawn. */
  synchronized void clear() {
    if (shown) {
      err.print(ERASE_LINE);
      err.flush();
      shown = false;
    }
  }

  private static String preview(String sql) {
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= SQL_PREVIEW ? oneLine : oneLine.substring(0, SQL_PREVIEW - 3) + "...";
  }
}
