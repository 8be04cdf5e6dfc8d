package io.lakeward.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How the machine's CPU time was split between this benchmark (this JVM and its child processes,
 * running or ended) and everything else during the run. The
 * machine may be shared (another build), and numbers measured while others took half the cores are
 * not comparable with a quiet run's; this says which kind of run it was. Linux only (/proc/stat).
 */
public final class CpuShare {
  /** /proc/stat counts in USER_HZ, 100 per second on Linux. */
  private static final double TICKS_PER_SECOND = 100;

  private final long[] machineStart;
  private final long processStartNanos;

  private CpuShare(long[] machineStart, long processStartNanos) {
    this.machineStart = machineStart;
    this.processStartNanos = processStartNanos;
  }

  /** Starts counting; empty where the counters cannot be read. */
  public static Optional<CpuShare> start() {
    long[] machine = machineTicks();
    long process = processCpuNanos();
    return machine == null || process < 0 ? Optional.empty() : Optional.of(new CpuShare(machine, process));
  }

  /** "this benchmark x%, other processes y% of the machine's CPU time", since start. */
  public String describe() {
    long[] now = machineTicks();
    long processNanos = processCpuNanos();
    if (now == null || processNanos < 0) {
      return "unknown";
    }
    double total = (now[0] - machineStart[0]) / TICKS_PER_SECOND;
    double busy = (now[1] - machineStart[1]) / TICKS_PER_SECOND;
    double mine = (processNanos - processStartNanos) / 1e9;
    double others = Math.max(0, busy - mine);
    return String.format(Locale.ROOT, "this benchmark %.0f%%, other processes %.0f%% of the machine's CPU time",
        100 * mine / total, 100 * others / total);
  }

  /** Total and busy ticks of all CPUs, from the first line of /proc/stat; null when unreadable. */
  private static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long user = Long.parseLong(fields[1]);
      long nice = Long.parseLong(fields[2]);
      long system = Long.parseLong(fields[3]);
      long idle = Long.parseLong(fields[4]);
      long iowait = Long.parseLong(fields[5]);
      long irq = Long.parseLong(fields[6]);
      long softirq = Long.parseLong(fields[7]);
      long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
      long busy = user + nice + system + irq + softirq + steal;
      return new long[] {busy + idle + iowait, busy};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() + childrenCpuNanos() + liveDescendantsCpuNanos();
    }
    return -1;
  }

  /**
   * CPU time of the child processes (and theirs) still running: a benchmark whose AMS, optimizer and
   * engines run as children would otherwise count their work as others' until they end.
   */
  private static long liveDescendantsCpuNanos() {
    return ProcessHandle.current().descendants()
        .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
  }

  /**
   * CPU time of the child processes this JVM has waited for (cutime and cstime of /proc/self/stat):
   * a benchmark that runs its scenarios in child JVMs would otherwise count its own work as others'.
   */
  private static long childrenCpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // The command name in brackets may hold spaces; fields are counted after it, from "state" (3).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      long ticks = Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
      return (long) (ticks / TICKS_PER_SECOND * 1e9);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
