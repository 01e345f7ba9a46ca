package dev.budgetsync.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile receiver: answers {@code 200} at once, then sends its body one byte every
 * {@code everyMs}, never ending it, so no idle timeout ever fires. Counts the requests it got.
 */
public final class Trickler {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private Trickler(Vertx vertx, long everyMs) {
    server = vertx.createHttpServer().requestHandler(request -> {
      requests.incrementAndGet();
      HttpServerResponse response = request.response().setChunked(true);
      response.writeHead();
      long timer = vertx.setPeriodic(everyMs, id -> response.write("."));
      response.closeHandler(closed -> vertx.cancelTimer(timer));
    });
    server.listen(0).await();
  }

  public static Trickler start(Vertx vertx, long everyMs) {
    return new Trickler(vertx, everyMs);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public int requests() {
    return requests.get();
  }

  public void close() {
    server.close().await();
  }
}
