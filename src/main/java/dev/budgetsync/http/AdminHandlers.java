package dev.budgetsync.http;

import dev.budgetsync.billing.Addresses;
import dev.budgetsync.billing.ApiException;
import dev.budgetsync.billing.Requests;
import dev.budgetsync.config.AccountSettings;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The bearer-protected routes. Each validates with the same {@link Requests} the billing consumer
 * uses (so HTTP callers get a precise message) and forwards the request over the event bus.
 */
final class AdminHandlers {
  private final EventBus bus;
  private final AccountSettings settings;
  private final Clock clock;
  private final DeliveryOptions delivery;

  AdminHandlers(EventBus bus, AccountSettings settings, Clock clock, long timeoutMs) {
    this.bus = bus;
    this.settings = settings;
    this.clock = clock;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  void getStatus(RoutingContext ctx) {
    JsonObject query = params(ctx, "account", "month");
    Requests.status(query, settings, clock);
    forward(ctx, Addresses.STATUS, query);
  }

  void addFunds(RoutingContext ctx) {
    JsonObject body = withIdempotencyKey(ctx, jsonBody(ctx));
    Requests.funds(body, settings);
    forward(ctx, Addresses.ADD_FUNDS, body);
  }

  void recordSpend(RoutingContext ctx) {
    JsonObject body = withIdempotencyKey(ctx, jsonBody(ctx));
    Requests.spend(body, settings);
    forward(ctx, Addresses.SPEND, body);
  }

  void checkBudget(RoutingContext ctx) {
    JsonObject query = params(ctx, "account", "amount");
    Requests.check(query, settings, clock);
    forward(ctx, Addresses.CHECK, query);
  }

  void reserve(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    Requests.reserve(body, settings);
    bus.<JsonObject>request(Addresses.RESERVE, body, delivery)
        .onSuccess(reply -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(reply.body().encode()))
        .onFailure(ctx::fail);
  }

  void settle(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx).put("id", ctx.pathParam("id"));
    Requests.settle(body);
    forward(ctx, Addresses.SETTLE, body);
  }

  void release(RoutingContext ctx) {
    JsonObject body = new JsonObject().put("id", ctx.pathParam("id"));
    Requests.reservationId(body);
    forward(ctx, Addresses.RELEASE, body);
  }

  void listEvents(RoutingContext ctx) {
    JsonObject query = params(ctx, "limit", "starting_after", "type");
    Requests.events(query);
    forward(ctx, Addresses.EVENTS, query);
  }

  void reprocessEvent(RoutingContext ctx) {
    JsonObject body = new JsonObject().put("id", ctx.pathParam("id"));
    Requests.eventId(body);
    forward(ctx, Addresses.REPROCESS, body);
  }

  void getLedger(RoutingContext ctx) {
    JsonObject query = params(ctx, "account", "month", "limit", "starting_after");
    Requests.ledger(query, settings, clock);
    forward(ctx, Addresses.LEDGER, query);
  }

  void getDaily(RoutingContext ctx) {
    JsonObject query = params(ctx, "account", "month");
    Requests.status(query, settings, clock);
    forward(ctx, Addresses.DAILY, query);
  }

  void listAccounts(RoutingContext ctx) {
    JsonObject query = params(ctx, "month", "limit", "starting_after");
    Requests.accounts(query, clock);
    forward(ctx, Addresses.ACCOUNTS, query);
  }

  private void forward(RoutingContext ctx, String address, JsonObject body) {
    bus.<JsonObject>request(address, body, delivery)
        .onSuccess(reply -> ctx.json(reply.body()))
        .onFailure(ctx::fail);
  }

  /** The {@code Idempotency-Key} header travels in the body, as event-bus callers send it. */
  private static JsonObject withIdempotencyKey(RoutingContext ctx, JsonObject body) {
    String key = ctx.request().getHeader("Idempotency-Key");
    return key == null ? body : body.put("idempotency_key", key);
  }

  /** The named query parameters, each given at most once. */
  private static JsonObject params(RoutingContext ctx, String... names) {
    JsonObject json = new JsonObject();
    for (String name : names) {
      List<String> values = ctx.queryParam(name);
      if (values.size() > 1) {
        throw ApiException.invalid(name + " is given more than once");
      }
      if (!values.isEmpty()) {
        json.put(name, values.get(0));
      }
    }
    return json;
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, "unsupported_media_type", "send JSON with Content-Type: application/json");
    }
    JsonObject body = ctx.body().buffer() == null ? null : StrictJson.object(ctx.body().buffer());
    if (body == null) {
      throw ApiException.invalid("body must be one JSON object (valid UTF-8, no duplicate keys)");
    }
    return body;
  }
}
