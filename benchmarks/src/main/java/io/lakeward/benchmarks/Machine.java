package io.lakeward.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the numbers were measured on; recorded with them because they mean nothing without it. */
public record Machine(int cores, String cpu, long memoryBytes, String os, String java, long maxHeapBytes,
    double loadAverage) {

  public static Machine current() {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memory,
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        Runtime.getRuntime().maxMemory(),
        // The machine may be shared (another build): the load before the run tells whether it was quiet.
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  public String describe() {
    return String.format("%d cores (%s), %s RAM, %s; %s, max heap %s; load average %.2f at start",
        cores, cpu, gib(memoryBytes), os, java, gib(maxHeapBytes), loadAverage);
  }

  private static String gib(long bytes) {
    return bytes < 0 ? "unknown" : String.format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return "unknown CPU";
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines.filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
