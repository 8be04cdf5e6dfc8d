package io.lakeward.terminal.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening a session on an unreachable server fails with a clear message within a bounded time (real sockets). */
class JdbcConnectorTest {
  private static final CatalogBinding LAKE = CatalogBinding.icebergRest("lake", "http://127.0.0.1:1/api/iceberg/rest");

  private static KyuubiSettings settings(String url, Duration connectTimeout) {
    return new KyuubiSettings(url, null, "secret-pw", null, null, null, connectTimeout, Duration.ofSeconds(30));
  }

  @Test
  void aPortNobodyListensOnIsRefusedAtOnce() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (KyuubiBackend backend = new KyuubiBackend(settings("jdbc:kyuubi://127.0.0.1:" + port + "/", Duration.ofSeconds(20)),
        10)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> backend.open("alice", LAKE)).isInstanceOf(TerminalException.class)
          .hasMessageStartingWith("Cannot connect to jdbc:kyuubi://127.0.0.1:" + port + "/: ")
          .hasMessageEndingWith("Could not open client transport with JDBC Uri: jdbc:kyuubi://127.0.0.1:" + port
              + "/: Connection refused")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-pw").doesNotContain("\tat "));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    // Accepts connections and never speaks: the handshake would wait forever without the open timeout.
    List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept());
          }
        } catch (IOException e) {
          // closed at the end of the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "jdbc:kyuubi://127.0.0.1:" + silent.getLocalPort() + "/";
      try (KyuubiBackend backend = new KyuubiBackend(settings(url, Duration.ofSeconds(2)), 10)) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> backend.open("alice", LAKE)).isInstanceOf(TerminalException.class)
            .hasMessage("Cannot connect to " + url + ": no answer within 2s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
