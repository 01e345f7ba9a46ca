package dev.budgetsync.http;

import dev.budgetsync.bus.ErrorType;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the memory that request bodies take, whatever clients send. Each route has its own body
 * limit (413 past it), and all bodies being read at one time share one budget
 * ({@code HTTP_BODY_BUFFER_BYTES}): a body is read only once its share (its {@code Content-Length},
 * else the route's limit) is reserved; past the budget the request gets {@code 503 overloaded}. A
 * body that has not arrived {@code HTTP_READ_TIMEOUT_MS} after its share was granted is cut off with
 * {@code 408}. The share comes back when the response ends or the connection closes. Every early
 * answer also closes the connection ({@link UnreadBodies}), so the unread rest is never buffered.
 */
final class BodyBudget {
  private final Vertx vertx;
  private final long capacity;
  private final long timeoutMs;
  private final AtomicLong inUse = new AtomicLong();

  BodyBudget(Vertx vertx, long capacity, long timeoutMs) {
    this.vertx = vertx;
    this.capacity = capacity;
    this.timeoutMs = timeoutMs;
  }

  /** The body handler of a route whose bodies may be up to {@code limit} bytes. */
  Handler<RoutingContext> limit(int limit) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(limit);
    return ctx -> admit(ctx, body, limit);
  }

  /** Bytes reserved by bodies being read or handled right now. */
  long inUse() {
    return inUse.get();
  }

  private void admit(RoutingContext ctx, BodyHandler body, int limit) {
    HttpServerRequest request = ctx.request();
    long declared = contentLength(request);
    if (declared > limit) {
      ctx.fail(413);
      return;
    }
    long share = declared >= 0 ? declared : limit;
    if (!reserve(share)) {
      Errors.send(ctx, ErrorType.OVERLOADED, "too many request bodies are being received; retry later");
      return;
    }
    Share held = new Share(share);
    held.timer = vertx.setTimer(timeoutMs, id -> {
      if (!request.isEnded()) {
        Errors.send(ctx, ErrorType.REQUEST_TIMEOUT, "the request body did not arrive within " + timeoutMs + " ms");
      }
    });
    ctx.addEndHandler(done -> held.release());
    ctx.response().closeHandler(closed -> held.release());
    body.handle(ctx);
  }

  private boolean reserve(long share) {
    long now;
    do {
      now = inUse.get();
      if (now + share > capacity) {
        return false;
      }
    } while (!inUse.compareAndSet(now, now + share));
    return true;
  }

  /** The declared length, or -1 when the body is chunked or the header is not a number. */
  private static long contentLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null || !value.matches("[0-9]{1,18}")) {
      return -1;
    }
    return Long.parseLong(value);
  }

  /** One request's share, given back once whichever of its ends comes first. */
  private final class Share {
    private final long bytes;
    private long timer;
    private boolean released;

    Share(long bytes) {
      this.bytes = bytes;
    }

    void release() {
      if (!released) {
        released = true;
        vertx.cancelTimer(timer);
        inUse.addAndGet(-bytes);
      }
    }
  }
}
