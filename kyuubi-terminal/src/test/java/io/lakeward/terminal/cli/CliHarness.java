package io.lakeward.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jline.terminal.Terminal;

/** Runs the client in-process with a chosen environment, stdin and terminal flags, capturing stdout and stderr. */
final class CliHarness {
  final Map<String, String> env = new HashMap<>(Map.of("LAKEWARD_PASSWORD", FakeTerminalServer.PASSWORD));
  CliIo.Tty tty = new CliIo.Tty(false, false, false);
  InputStream stdin = new ByteArrayInputStream(new byte[0]);
  String promptAnswer;
  final AtomicInteger prompts = new AtomicInteger();
  CliIo.TerminalFactory terminals = () -> {
    throw new AssertionError("no interactive terminal expected");
  };
  Path history = Path.of("target", "no-history");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    Result assertExit(int expected) {
      assertThat(exitCode).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
      return this;
    }
  }

  /** Polls (every 20 ms, at most 30 s) until the condition holds; for state that nothing notifies about. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting for %s", what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  CliHarness stdin(String text) {
    stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  CliHarness terminal(Terminal terminal) {
    terminals = () -> terminal;
    return this;
  }

  Result run(String... args) {
    CliIo io = new CliIo(env, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), tty, prompt -> {
          prompts.incrementAndGet();
          return promptAnswer;
        }, terminals, history, false);
    int code = SqlCli.execute(io, args);
    Result result = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    // Whatever happened, no password may show.
    assertThat(result.out() + result.err()).doesNotContain(FakeTerminalServer.PASSWORD).doesNotContain("wrong-pw-123");
    return result;
  }
}
