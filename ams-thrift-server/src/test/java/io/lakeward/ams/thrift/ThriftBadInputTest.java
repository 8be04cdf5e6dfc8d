package io.lakeward.ams.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.testing.TestAms;
import io.lakeward.common.thrift.ThriftClients;
import io.lakeward.common.thrift.ThriftEndpoint;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage on the Thrift ports costs the sender its connection and nothing else: the AMS keeps
 * serving other clients, and an oversized frame is refused from its header, before its body is read.
 */
class ThriftBadInputTest {
  private static final int MB = 1024 * 1024;

  @TempDir
  static Path home;

  private static TestAms ams;

  @BeforeAll
  static void start() throws Exception {
    ams = TestAms.start(TestAms.derby(home), home);
  }

  @AfterAll
  static void stop() {
    ams.close();
  }

  @Test
  void frameOf200MegabytesIsRefusedFromItsHeader() throws Exception {
    for (ThriftEndpoint endpoint : List.of(ams.catalogEndpoint(), ams.optimizingEndpoint())) {
      try (Socket socket = connect(endpoint)) {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(200 * MB);
        byte[] chunk = new byte[MB];
        long written = 0;
        IOException refused = null;
        try {
          while (written < 200L * MB) {
            out.write(chunk);
            written += chunk.length;
          }
          out.flush();
        } catch (IOException e) {
          refused = e;
        }
        // Either the writes already failed, or the server closed without answering.
        if (refused == null) {
          assertThat(readUntilClosed(socket)).isEqualTo(-1);
        } else {
          assertThat(written).as("the server closed before the body arrived").isLessThan(200L * MB);
        }
      }
      assertServing(endpoint);
    }
  }

  @Test
  void negativeFrameSizeClosesTheConnection() throws Exception {
    try (Socket socket = connect(ams.catalogEndpoint())) {
      new DataOutputStream(socket.getOutputStream()).writeInt(-42);
      assertThat(readUntilClosed(socket)).isEqualTo(-1);
    }
    assertServing(ams.catalogEndpoint());
  }

  @Test
  void truncatedFramesDoNotBlockOtherClients() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = connect(ams.catalogEndpoint());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(1000);
        out.write(new byte[10]);
        out.flush();
        stalled.add(socket);
      }
      // Twenty connections sit in the middle of a frame; everyone else is still served.
      assertServing(ams.catalogEndpoint());
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
    assertServing(ams.catalogEndpoint());
  }

  @Test
  void randomBytesGetAnErrorOrADisconnect() throws Exception {
    Random random = new Random(20261124);
    for (int attempt = 0; attempt < 5; attempt++) {
      byte[] garbage = new byte[4096];
      random.nextBytes(garbage);
      try (Socket socket = connect(ams.optimizingEndpoint())) {
        socket.getOutputStream().write(garbage);
        socket.getOutputStream().flush();
        socket.shutdownOutput();
        assertThat(readUntilClosed(socket)).isEqualTo(-1);
      }
    }
    assertServing(ams.optimizingEndpoint());
  }

  @Test
  void wellFramedGarbageIsAnsweredWithAnErrorOrDisconnect() throws Exception {
    byte[] payload = "this is not a thrift message at all".getBytes();
    try (Socket socket = connect(ams.catalogEndpoint())) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
      // The server may answer with an exception frame before closing; it must close in the end.
      assertThat(readUntilClosed(socket)).isEqualTo(-1);
    }
    assertServing(ams.catalogEndpoint());
  }

  private static Socket connect(ThriftEndpoint endpoint) throws IOException {
    Socket socket = new Socket(endpoint.host(), endpoint.port());
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** Reads and discards until the server closes; -1 on a clean close or a reset. */
  private static int readUntilClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      while (in.read(buffer) >= 0) {
        // an error answer may come first; keep reading until the close
      }
      return -1;
    } catch (SocketTimeoutException e) {
      return 0;
    } catch (IOException reset) {
      return -1;
    }
  }

  private static void assertServing(ThriftEndpoint endpoint) throws Exception {
    if (endpoint.port() == ams.server().catalogPort()) {
      try (var client = ThriftClients.catalog(endpoint, Duration.ofSeconds(10))) {
        assertThat(client.client().ping().getServiceName()).isEqualTo("catalog");
      }
    } else {
      try (var client = ThriftClients.optimizing(endpoint, Duration.ofSeconds(10))) {
        assertThat(client.client().ping().getServiceName()).isEqualTo("optimizing");
      }
    }
  }
}
