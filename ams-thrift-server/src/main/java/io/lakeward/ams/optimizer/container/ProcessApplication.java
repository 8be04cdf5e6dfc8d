package io.lakeward.ams.optimizer.container;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A launched application as an operating-system process: a child the AMS started (exit code known),
 * or one it re-attached to by pid after a restart (exit code unknown).
 */
final class ProcessApplication implements LaunchedApplication {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessApplication.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final ProcessHandle handle;
  private final Process process;

  ProcessApplication(ProcessHandle handle, Process process) {
    this.handle = requireNonNull(handle, "handle is null");
    this.process = process;
  }

  static ProcessApplication of(Process process) {
    return new ProcessApplication(process.toHandle(), process);
  }

  static Optional<LaunchedApplication> adopt(long pid, String resourceId) {
    // The pid may have been reused by an unrelated process since: only a process whose arguments
    // name this resource id is the application.
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> arguments(h).contains(resourceId))
        .map(h -> new ProcessApplication(h, null));
  }

  /** The arguments of a process; empty when they cannot be read. */
  private static List<String> arguments(ProcessHandle handle) {
    // ProcessHandle.Info gives no arguments for command lines longer than a page on Linux (a Spark
    // class path is), so /proc is read directly where it exists.
    Path cmdline = Paths.get("/proc", String.valueOf(handle.pid()), "cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        return Arrays.asList(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
      } catch (IOException e) {
        return List.of();
      }
    }
    return handle.info().arguments().map(Arrays::asList).orElse(List.of());
  }

  @Override
  public long pid() {
    return handle.pid();
  }

  @Override
  public boolean isAlive() {
    return process != null ? process.isAlive() : handle.isAlive();
  }

  @Override
  public OptionalInt exitCode() {
    return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  @Override
  public void terminate(Duration grace) {
    if (!isAlive()) {
      return;
    }
    // Wrapper scripts (bin/spark-submit) may run the JVM as a child rather than exec it: signal the
    // whole tree, so the JVM gets its SIGTERM and can return its tasks.
    List<ProcessHandle> tree = tree();
    tree.forEach(ProcessHandle::destroy);
    if (await(grace)) {
      return;
    }
    List<ProcessHandle> left = tree();
    tree.stream().filter(h -> !left.contains(h)).forEach(left::add);
    LOG.warn("Process {} did not exit within {} of SIGTERM: sending SIGKILL to {} processes", pid(),
        io.lakeward.common.config.Durations.format(grace), left.size());
    left.forEach(ProcessHandle::destroyForcibly);
    await(KILL_WAIT);
  }

  private List<ProcessHandle> tree() {
    List<ProcessHandle> tree = new ArrayList<>(handle.descendants().toList());
    tree.add(0, handle);
    return tree;
  }

  private boolean await(Duration timeout) {
    try {
      if (process != null) {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !isAlive();
    }
  }

  @Override
  public String toString() {
    return "process " + pid() + (process == null ? " (re-attached)" : "");
  }
}
