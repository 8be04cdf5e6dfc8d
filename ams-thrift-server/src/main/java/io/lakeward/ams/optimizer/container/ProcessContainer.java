package io.lakeward.ams.optimizer.container;

import io.lakeward.common.config.DataSize;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A container that launches each application as a process on the AMS host (the JVM of the optimizer,
 * or spark-submit), with its output in the request's log file. Subclasses give the command line and
 * the environment.
 */
public abstract class ProcessContainer implements OptimizerContainer {
  /** Values of Spark settings whose key matches this are masked in logs (Spark's own default redaction). */
  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|token|access[.]key).*");

  @Override
  public final boolean launches() {
    return true;
  }

  @Override
  public final LaunchedApplication launch(LaunchRequest request) throws LaunchException {
    List<String> command = command(request);
    Path log = request.logFile().toAbsolutePath();
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "# " + Instant.now() + " launching: " + printable(command) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new LaunchException("Cannot write the application log " + log + ": " + e.getMessage(), e);
    }
    // The log directory is also the working directory, so files Spark leaves behind stay with the logs.
    ProcessBuilder builder = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // The AMS's own settings (database password included) are none of the application's business.
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKEWARD_AMS_") || k.startsWith("LAKEWARD_CONTAINERS_"));
    environment(request, builder.environment());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new LaunchException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    try (OutputStream stdin = process.getOutputStream()) {
      // Nothing is ever written to the application: close its stdin so a read sees end of input.
    } catch (IOException e) {
      // Closing a pipe to a process that already exited may fail; its exit is seen by the reaper.
    }
    return ProcessApplication.of(process);
  }

  /**
   * The command line of the application.
   *
   * @throws LaunchException when something it needs (a jar, a Spark installation) is missing
   */
  protected abstract List<String> command(LaunchRequest request) throws LaunchException;

  /** Adjusts the environment of the application's process (inherited from the AMS). */
  protected void environment(LaunchRequest request, Map<String, String> environment) {}

  /** The file, if it exists; otherwise a LaunchException naming what it is and how to provide it. */
  protected static Path existingFile(Path file, String what, String hint) throws LaunchException {
    if (!Files.isRegularFile(file)) {
      throw new LaunchException("Cannot launch an optimizer: " + what + " not found at " + file + " (" + hint + ")");
    }
    return file;
  }

  /** {@code --conf key=value} pairs, in key order. */
  protected static List<String> confArguments(Map<String, String> conf) {
    List<String> args = new ArrayList<>();
    conf.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      args.add("--conf");
      args.add(e.getKey() + "=" + e.getValue());
    });
    return args;
  }

  /** A size as JVM and Spark memory options take it: whole megabytes, e.g. 1024m. */
  protected static String megabytes(DataSize size) {
    return Math.max(1, size.bytes() / (1024 * 1024)) + "m";
  }

  /** The command as logged: values of secret-looking Spark settings masked. */
  static String printable(List<String> command) {
    return command.stream().map(arg -> {
      int eq = arg.indexOf('=');
      return eq > 0 && arg.startsWith("spark.") && SECRET_KEY.matcher(arg.substring(0, eq)).matches()
          ? arg.substring(0, eq) + "=*********(redacted)" : arg;
    }).collect(Collectors.joining(" "));
  }
}
