package dev.budgetsync.http;

import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure becomes {@code {"error": {"type", "message"}}} here, and only here. Bodies never echo internals. */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {
  }

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ServiceError error) {
      send(ctx, error.type(), error.detail());
    } else if (failure instanceof ReplyException reply) {
      replyFailure(ctx, reply);
    } else if (failure instanceof HttpException http) {
      byStatus(ctx, http.getStatusCode());
    } else if (failure != null) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, ErrorType.INTERNAL_ERROR, "internal error");
    } else {
      byStatus(ctx, ctx.statusCode());
    }
  }

  /** The bus itself failed: nobody answered in time, or nobody listens. */
  private static void replyFailure(RoutingContext ctx, ReplyException reply) {
    switch (reply.failureType()) {
      case TIMEOUT -> send(ctx, ErrorType.TIMEOUT, "the billing service did not answer in time; the request may"
          + " still be recorded: retry with the same Idempotency-Key");
      case NO_HANDLERS -> send(ctx, ErrorType.SERVICE_UNAVAILABLE, "the billing service is not running; retry later");
      default -> {
        LOG.error("{} {} failed with a reply that is not a ServiceError", ctx.request().method(), ctx.request().path(),
            reply);
        send(ctx, ErrorType.INTERNAL_ERROR, "internal error");
      }
    }
  }

  /** What Vert.x Web itself refused (no route, a body over its limit, ...), in its status. */
  static void byStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 400 -> send(ctx, ErrorType.INVALID_REQUEST, "the request is not valid; see the API reference");
      case 401 -> send(ctx, ErrorType.UNAUTHORIZED, "a valid bearer token is required");
      case 404 -> send(ctx, ErrorType.NOT_FOUND, "no such route");
      case 405 -> send(ctx, ErrorType.METHOD_NOT_ALLOWED, "method not allowed on this route");
      case 413 -> send(ctx, ErrorType.PAYLOAD_TOO_LARGE, "request body too large");
      case 415 -> send(ctx, ErrorType.UNSUPPORTED_MEDIA_TYPE, "send JSON with Content-Type: application/json");
      case 503 -> send(ctx, ErrorType.SERVICE_UNAVAILABLE, "the service is unavailable; retry later");
      default -> send(ctx, ErrorType.INTERNAL_ERROR, "internal error");
    }
  }

  static void send(RoutingContext ctx, ErrorType type, String message) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (type == ErrorType.UNAUTHORIZED) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.setStatusCode(type.status()).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("type", type.wire()).put("message", message)).encode());
  }
}
