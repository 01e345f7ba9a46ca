package dev.budgetsync.attack;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Uploads as an attacker sends them: raw HTTP/1.1 over a socket each, the whole body written at
 * once without waiting for an answer. The body is one direct buffer that every connection shares,
 * so a thousand uploads of a MiB cost this JVM one MiB. Each upload ends with the status the server
 * answered, or {@code "closed"} when it dropped the connection without one.
 */
final class RawUploads {
  private static final int CHUNK = 64 * 1024;
  private final Vertx vertx;
  private final NetClient client;
  private final Buffer chunk;

  RawUploads(Vertx vertx) {
    this.vertx = vertx;
    // A small send buffer, as a remote attacker's bytes wait on the network rather than in this
    // machine's kernel: a thousand loopback sockets would otherwise pin gigabytes of socket memory.
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000)
        .setSendBufferSize(CHUNK));
    this.chunk = BufferInternal.buffer(Unpooled.unreleasableBuffer(
        Unpooled.directBuffer(CHUNK).writeBytes(new byte[CHUNK])));
  }

  /** {@code count} uploads at once of {@code bodyBytes} each, taking turns with the signatures; how they ended. */
  Map<String, Integer> flood(int port, int count, long bodyBytes, List<String> signatures) {
    Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    List<Future<String>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      all.add(upload(port, bodyBytes, signatures.get(i % signatures.size())));
    }
    Future.join(all).await();
    all.forEach(f -> outcomes.merge(f.result(), 1, Integer::sum));
    return outcomes;
  }

  Future<String> upload(int port, long bodyBytes, String signature) {
    Promise<String> ended = Promise.promise();
    AtomicInteger first = new AtomicInteger();
    client.connect(port, "127.0.0.1").onFailure(e -> ended.tryComplete("refused")).onSuccess(socket -> {
      StringBuilder answer = new StringBuilder();
      socket.handler(data -> {
        answer.append(data.toString(US_ASCII));
        if (answer.length() >= 12 && first.getAndIncrement() == 0) {
          ended.tryComplete(answer.substring(9, 12));
          socket.close();
        }
      });
      socket.closeHandler(v -> ended.tryComplete("closed"));
      socket.exceptionHandler(e -> ended.tryComplete("closed"));
      socket.write("POST /api/webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Stripe-Signature: " + signature + "\r\nContent-Length: " + bodyBytes + "\r\n\r\n");
      for (long sent = 0; sent < bodyBytes; sent += CHUNK) {
        socket.write(sent + CHUNK <= bodyBytes ? chunk : chunk.slice(0, (int) (bodyBytes - sent)));
      }
    });
    return ended.future();
  }

  void close() {
    client.close().await();
  }
}
