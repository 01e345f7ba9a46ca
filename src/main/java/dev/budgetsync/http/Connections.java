package dev.budgetsync.http;

import dev.budgetsync.logging.RateLimitedLog;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds what connections cost before they send anything: at most {@code HTTP_MAX_CONNECTIONS} are
 * open at once (one more is closed at once), and a connection whose first request has not arrived
 * within {@code HTTP_READ_TIMEOUT_MS} is closed, so that slow or silent clients can neither hold
 * memory (each waiting header costs up to {@link HttpVerticle#MAX_HEADER_SIZE} bytes, twice) nor hold
 * their connections for ever. Runs on the HTTP verticle's event loop only.
 */
final class Connections implements Handler<HttpConnection> {
  private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
  private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, 5000);

  private final Vertx vertx;
  private final int max;
  private final long firstRequestMs;
  private final Map<HttpConnection, Long> waiting = new HashMap<>();
  private int open;

  Connections(Vertx vertx, int max, long firstRequestMs) {
    this.vertx = vertx;
    this.max = max;
    this.firstRequestMs = firstRequestMs;
  }

  @Override
  public void handle(HttpConnection connection) {
    if (open >= max) {
      REFUSED.warn("HTTP connection from {} closed: already {} open (HTTP_MAX_CONNECTIONS)",
          connection.remoteAddress(), open);
      connection.close();
      return;
    }
    open++;
    waiting.put(connection, vertx.setTimer(firstRequestMs, id -> {
      waiting.remove(connection);
      connection.close();
    }));
    connection.closeHandler(closed -> {
      open--;
      Long timer = waiting.remove(connection);
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
    });
  }

  /** The connection's first request has arrived: from now on the idle timeout watches it. */
  void arrived(HttpServerRequest request) {
    Long timer = waiting.remove(request.connection());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
