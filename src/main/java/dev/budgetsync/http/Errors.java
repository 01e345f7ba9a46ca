package dev.budgetsync.http;

import dev.budgetsync.billing.ApiException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Every failure becomes {@code {"error": {"type", "message"}}} here, and only here. Bodies never echo internals. */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
  /** Billing's failures cross the event bus as a type only; these are their words for people. */
  private static final Map<String, String> MESSAGES = Map.ofEntries(
      Map.entry("database_unavailable", "the database is unavailable; retry later"),
      Map.entry("overloaded", "too many events are waiting; retry later"),
      Map.entry("timeout", "the billing service did not answer in time; retry later"),
      Map.entry("service_unavailable", "the billing service is not running; retry later"),
      Map.entry("internal_error", "internal error"),
      Map.entry("invalid_request", "the request is not valid; see the API reference"),
      Map.entry("invalid_payload", "the event payload is not valid"),
      Map.entry("idempotency_conflict", "this Idempotency-Key was used for a different request"),
      Map.entry("insufficient_budget", "the amount does not fit in the remaining budget"),
      Map.entry("not_found", "no such resource"),
      Map.entry("not_reprocessable", "only failed and needs_review events are reprocessed"),
      Map.entry("reservation_released", "this reservation was released; record spend instead"),
      Map.entry("reservation_settled", "this reservation was settled"),
      Map.entry("method_not_allowed", "method not allowed on this route"),
      Map.entry("payload_too_large", "request body too large"));

  private Errors() {
  }

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      send(ctx, api.status(), api.type(), api.getMessage());
    } else if (failure instanceof ReplyException reply) {
      replyFailure(ctx, reply);
    } else if (failure instanceof HttpException http) {
      byStatus(ctx, http.getStatusCode());
    } else if (failure != null) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "internal_error", MESSAGES.get("internal_error"));
    } else {
      byStatus(ctx, ctx.statusCode());
    }
  }

  private static void replyFailure(RoutingContext ctx, ReplyException reply) {
    switch (reply.failureType()) {
      case TIMEOUT -> send(ctx, 503, "timeout", MESSAGES.get("timeout"));
      case NO_HANDLERS -> send(ctx, 503, "service_unavailable", MESSAGES.get("service_unavailable"));
      default -> {
        String type = reply.getMessage() == null ? "internal_error" : reply.getMessage();
        int status = reply.failureCode() >= 400 && reply.failureCode() < 600 ? reply.failureCode() : 500;
        send(ctx, status, type, MESSAGES.getOrDefault(type, type.replace('_', ' ')));
      }
    }
  }

  static void byStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 401 -> send(ctx, 401, "unauthorized", "a valid bearer token is required");
      case 404 -> send(ctx, 404, "not_found", "no such route");
      case 405 -> send(ctx, 405, "method_not_allowed", MESSAGES.get("method_not_allowed"));
      case 413 -> send(ctx, 413, "payload_too_large", MESSAGES.get("payload_too_large"));
      case 415 -> send(ctx, 415, "unsupported_media_type", "send JSON with Content-Type: application/json");
      case 400 -> send(ctx, 400, "invalid_request", MESSAGES.get("invalid_request"));
      case 503 -> send(ctx, 503, "service_unavailable", MESSAGES.get("service_unavailable"));
      default -> send(ctx, 500, "internal_error", MESSAGES.get("internal_error"));
    }
  }

  static void send(RoutingContext ctx, int status, String type, String message) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (status == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", new JsonObject().put("type", type).put("message", message)).encode());
  }
}
