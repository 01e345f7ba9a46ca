package dev.budgetsync.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A request answered before its body was read (refused, over a limit, timed out) loses its
 * connection. Its answer says {@code Connection: close}, so that no client sends another request on
 * it; the rest of its body is then discarded, never buffered, for at most {@link #LINGER_MS} (so that a
 * client still sending gets to read the answer instead of a reset), and the connection is closed.
 */
final class UnreadBodies {
  static final long LINGER_MS = 1000;

  private final Vertx vertx;

  UnreadBodies(Vertx vertx) {
    this.vertx = vertx;
  }

  void watch(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean hasBody = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.equals("0"));
    if (!hasBody) {
      return;
    }
    ctx.addHeadersEndHandler(headers -> {
      if (!request.isEnded()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
    });
    ctx.addEndHandler(done -> {
      if (HttpHeaders.CLOSE.toString().equals(ctx.response().headers().get(HttpHeaders.CONNECTION))) {
        close(request);
      }
    });
  }

  private void close(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    if (request.isEnded()) {
      connection.close();
      return;
    }
    long linger = vertx.setTimer(LINGER_MS, id -> connection.close());
    request.handler(discarded -> { });
    request.endHandler(ended -> {
      vertx.cancelTimer(linger);
      connection.close();
    });
  }
}
