package dev.budgetsync.http;

import dev.budgetsync.billing.Access;
import dev.budgetsync.billing.Caller;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.Scope;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * {@code GET /api/budget/stream[?account=ID]}: server-sent events for the dashboard. Each message
 * published on {@link Addresses#UPDATED} becomes {@code event: updated}, each on
 * {@link Addresses#ALERT} {@code event: alert}, with the published JSON as {@code data}. Outbound
 * only: nothing a client sends reaches the bus. In cluster mode it hears every instance's changes.
 */
final class BudgetStream {
  static final String PATH = "/api/budget/stream";
  /** Below the server's 30 s idle timeout, and below what proxies usually allow an idle response. */
  private static final long KEEP_ALIVE_MS = 15_000;

  private final Vertx vertx;
  private final Access access;

  BudgetStream(Vertx vertx, Access access) {
    this.vertx = vertx;
    this.access = access;
  }

  void open(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      Errors.send(ctx, ErrorType.NOT_ACCEPTABLE, "this route streams text/event-stream; open it with an EventSource");
      return;
    }
    String account = QueryParams.read(ctx, "account").getString("account");
    if (account != null && !AccountSettings.isValidAccount(account)) {
      throw ServiceError.invalid("account must be one account id");
    }
    // A key of some accounts hears theirs only: the one asked for, if it is one of them, or all of them.
    Caller caller = BearerAuth.caller(ctx);
    access.require(caller, Scope.READ);
    if (account != null) {
      access.requireAccount(caller, account);
    }
    Predicate<String> shown = account != null ? account::equals : caller::mayActOn;
    HttpServerResponse response = ctx.response()
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    if (ctx.request().method() == HttpMethod.HEAD) {
      // The stream's headers, and no stream: a HEAD never opens one.
      response.end();
      return;
    }
    response.setChunked(true).write("retry: 3000\n\n");

    MessageConsumer<JsonObject> updates = vertx.eventBus().consumer(Addresses.UPDATED,
        message -> send(response, shown, "updated", message.body()));
    MessageConsumer<JsonObject> alerts = vertx.eventBus().consumer(Addresses.ALERT,
        message -> send(response, shown, "alert", message.body()));
    // A stream opened with a key ends when the key is revoked, as every request of it is then refused.
    MessageConsumer<Object> revoked = vertx.eventBus().consumer(Addresses.KEYS_REVOKED, message -> {
      if (caller.keyId() != null && message.body() instanceof JsonObject key
          && caller.keyId().equals(key.getValue("id")) && !response.ended()) {
        response.end();
      }
    });
    long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, timer -> response.write(": keep-alive\n\n"));
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close = () -> {
      if (closed.compareAndSet(false, true)) {
        vertx.cancelTimer(keepAlive);
        updates.unregister();
        alerts.unregister();
        revoked.unregister();
      }
    };
    // The context's end handlers (not the response's single one, which the router's own bookkeeping uses)
    // run however the response ends: finished, or the client gone.
    ctx.addEndHandler(v -> close.run());
    // A stream never finishes by itself: end it when the server drains, so shutdown need not wait for it.
    ctx.request().connection().shutdownHandler(v -> {
      if (!response.ended()) {
        response.end();
      }
    });
  }

  private static void send(HttpServerResponse response, Predicate<String> shown, String event, JsonObject body) {
    if (body == null || !shown.test(body.getString("account"))) {
      return;
    }
    // A client too slow to read misses events rather than filling this server's memory; the page
    // reloads everything on the next one.
    if (!response.ended() && !response.writeQueueFull()) {
      response.write("event: " + event + "\ndata: " + body.encode() + "\n\n");
    }
  }
}
