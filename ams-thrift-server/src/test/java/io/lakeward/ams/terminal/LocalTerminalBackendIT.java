package io.lakeward.ams.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.config.TerminalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend: the AMS starts its own Spark Thrift Server as a child JVM on the first statement
 * (once for this class) and stops it when it closes.
 */
class LocalTerminalBackendIT extends TerminalBackendContractTests {
  @TempDir
  static Path home;

  @BeforeAll
  static void start() throws Exception {
    startAms(home, terminalConfig(TerminalConfig.LOCAL, null, localServer()));
  }

  @AfterAll
  static void stop() {
    stopAms();
    // The server's output went to the AMS log directory; stopping the AMS stopped it.
    assertThat(home.resolve("logs").resolve(AmsTerminal.LOCAL_SERVER_LOG)).exists();
    assertThat(ProcessHandle.current().descendants().filter(LocalTerminalBackendIT::isThriftServer).toList()).isEmpty();
  }

  /** /proc, since ProcessHandle.Info shows no arguments of a command line as long as a Spark class path. */
  private static boolean isThriftServer(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).contains("HiveThriftServer2");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  String backend() {
    return TerminalConfig.LOCAL;
  }
}
