package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * sbin/lakeward-sql.sh as a real child process, from the repository this build runs in: either run to its end
 * with a given stdin ({@link #run}), or on a pseudo-terminal through util-linux {@code script} so the client sees a
 * real TTY ({@link #onTerminal}): password prompt, interactive prompt, progress line, Ctrl-C.
 */
final class ScriptProcess implements AutoCloseable {
  static final Path REPO = Paths.get(System.getProperty("lakeward.repo.root", "..")).toAbsolutePath().normalize();
  static final Path SCRIPT = REPO.resolve("sbin/lakeward-sql.sh");

  private final Process process;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Thread outPump;
  private final Thread errPump;

  /** What a finished run printed and returned. */
  record Result(int exitCode, String out, String err) {
    Result assertExit(int expected) {
      assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
      return this;
    }
  }

  private ScriptProcess(List<String> command, Map<String, String> env) throws IOException {
    assertThat(REPO.resolve("kyuubi-terminal/target/sql-cli-lib")).as("kyuubi-terminal must be packaged first").isDirectory();
    ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
    // The developer's own LAKEWARD_* settings must not leak in (a password, another AMS URL).
    builder.environment().keySet().removeIf(k -> k.startsWith("LAKEWARD_"));
    builder.environment().putAll(env);
    process = builder.start();
    outPump = pump(process.getInputStream(), out);
    errPump = pump(process.getErrorStream(), err);
  }

  /** Runs the script with the arguments and stdin to its end (at most 2 minutes). */
  static Result run(Map<String, String> env, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    try (ScriptProcess script = new ScriptProcess(command, env)) {
      try (OutputStream in = script.process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      int code = script.waitFor();
      return new Result(code, script.out(), script.err());
    }
  }

  /** Starts the script with the arguments and an empty stdin, without waiting for it. */
  static ScriptProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ScriptProcess script = new ScriptProcess(command, env);
    script.process.getOutputStream().close();
    return script;
  }

  /** Sends a signal (INT is what Ctrl-C sends) to the client; the script exec'ed the JVM, so the pid is the JVM's. */
  void signal(String name) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor()).isZero();
  }

  String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  /** Starts the script on a pseudo-terminal (stdin, stdout and stderr all on it; its output is {@link #out()}). */
  static ScriptProcess onTerminal(Map<String, String> env, String commandLine) throws IOException {
    // A pty made for a pipe has no size, and JLine cannot draw a prompt 0 columns wide. exec: a shell left
    // waiting in the foreground process group would get the Ctrl-C too, and dash dies of it (exit 130).
    String command = "stty cols 120 rows 40 && exec " + SCRIPT + " " + commandLine;
    Map<String, String> withShell = new HashMap<>(env);
    // script(1) runs the command with $SHELL: the same shell wherever the tests run.
    withShell.put("SHELL", "/bin/sh");
    return new ScriptProcess(List.of("script", "--quiet", "--return", "--command", command, "/dev/null"), withShell);
  }

  /** Types on the terminal (Ctrl-C is "\u0003"). */
  void type(String keys) throws IOException {
    process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  String out() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** Waits until the output holds the text, at most 60 s (the first run of a JVM on a busy machine is slow). */
  void awaitOutput(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out().contains(text) && process.isAlive()) {
      assertThat(System.nanoTime()).as("'%s' did not show; the output so far:%n%s", text, out()).isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(out()).as("the process ended early").contains(text);
  }

  int waitFor() throws Exception {
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the client exited").isTrue();
    outPump.join();
    errPump.join();
    return process.exitValue();
  }

  private static Thread pump(InputStream from, ByteArrayOutputStream to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = from.read(buffer)) >= 0; ) {
          synchronized (to) {
            to.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
