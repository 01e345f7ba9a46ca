package dev.budgetsync.attack;

import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by attacking the running jar once more: 6,000 connections that sent their headers slowly
 * took a 384 MiB heap to 478 MiB resident, and more would have run it out of memory. Now HTTP
 * connections are capped (here at the smallest setting, 16), a connection whose first request does
 * not arrive in time is closed, headers are at most 8 KiB, and HTTP/2 is not spoken at all.
 */
@ExtendWith(VertxExtension.class)
class ConnectionBoundsTest {
  private static final int MAX = 16;
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx, new JsonObject().put("HTTP_MAX_CONNECTIONS", MAX).put("HTTP_READ_TIMEOUT_MS", 2000));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void slowConnectionsAreCappedThenClosedAndTheServiceServesAgain() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < MAX + 4; i++) {
        Socket socket = connect();
        // The start of a request, the rest never: a slow client, or slowloris.
        send(socket, "POST /api/webhooks/stripe HTTP/1.1\r\nHost: x\r\n");
        slow.add(socket);
      }
      Thread.sleep(300);
      // Past the cap, a connection is closed at once; the others wait for their first request.
      long refused = slow.stream().filter(socket -> closedWithin(socket, 100)).count();
      assertThat(refused).isBetween(4L, 4L + MAX);
      assertThat(slow.size() - refused).isLessThanOrEqualTo(MAX);
      // None of them finished a request within the read timeout: each is closed.
      for (Socket socket : slow) {
        assertThat(read(socket)).isEmpty();
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
    assertThat(app.client().get("/health/live").send().await().statusCode()).isEqualTo(200);
  }

  /** Whether the service closed the connection within {@code millis}, having sent nothing. */
  private static boolean closedWithin(Socket socket, int millis) {
    try {
      socket.setSoTimeout(millis);
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      try {
        socket.setSoTimeout(5000);
      } catch (IOException closed) {
        // closed already: the next read says so
      }
    }
  }

  @Test
  void headersOverEightKibibytesAreRefused() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(9000) + "\r\n\r\n");
      assertThat(read(socket)).startsWith("HTTP/1.1 431");
    }
  }

  @Test
  void http2WithPriorKnowledgeIsNotSpoken() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
      // Answered as HTTP/1 would answer an unknown method (501, text), never with an HTTP/2 SETTINGS frame.
      assertThat(read(socket)).matches("(?s)HTTP/\\S+ 501 .*");
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", app.port());
    socket.setSoTimeout(5000);
    return socket;
  }

  private static void send(Socket socket, String text) {
    try {
      socket.getOutputStream().write(text.getBytes(US_ASCII));
      socket.getOutputStream().flush();
    } catch (IOException closedAlready) {
      // what the read then sees tells
    }
  }

  /** What the service sent before it closed the connection; empty when it closed it without a word. */
  private static String read(Socket socket) {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = socket.getInputStream().read(buffer)) > 0) {
        answer.append(new String(buffer, 0, n, US_ASCII));
      }
      return answer.toString();
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("the connection is still open after 5 s; read so far: " + answer);
    } catch (IOException reset) {
      return answer.toString();
    }
  }
}
