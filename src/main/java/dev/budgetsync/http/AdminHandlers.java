package dev.budgetsync.http;

import dev.budgetsync.billing.Access;
import dev.budgetsync.billing.Caller;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.KeyRequests;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.NotificationRequests;
import dev.budgetsync.bus.Requests;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.bus.StrictJson;
import dev.budgetsync.config.AccountSettings;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The bearer-protected routes. Each parses its request once into the bus contract's record (so a
 * bad request gets its precise message here), has {@link Access} permit it for the caller's key, and
 * sends that record to billing on this node.
 */
final class AdminHandlers {
  static final String[] EVENTS_PARAMS =
      {"limit", "starting_after", "type", "outcome", "account", "created[gte]", "created[lt]"};
  static final String[] LEDGER_PARAMS = {"account", "month", "limit", "starting_after", "kind", "source"};
  private final EventBus bus;
  private final Access access;
  private final AccountSettings settings;
  private final Clock clock;
  private final DeliveryOptions delivery;

  AdminHandlers(EventBus bus, Access access, AccountSettings settings, Clock clock, long timeoutMs) {
    this.bus = bus;
    this.access = access;
    this.settings = settings;
    this.clock = clock;
    // Local: this node's billing answers its own HTTP requests, and records never leave the process.
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true);
  }

  void getStatus(RoutingContext ctx) {
    forward(ctx, Addresses.STATUS, Requests.status(own(ctx, QueryParams.read(ctx, "account", "month")), settings, clock));
  }

  void addFunds(RoutingContext ctx) {
    forward(ctx, Addresses.ADD_FUNDS, Requests.funds(withIdempotencyKey(ctx, jsonBody(ctx)), settings));
  }

  void recordSpend(RoutingContext ctx) {
    forward(ctx, Addresses.SPEND, Requests.spend(own(ctx, withIdempotencyKey(ctx, jsonBody(ctx))), settings));
  }

  void checkBudget(RoutingContext ctx) {
    forward(ctx, Addresses.CHECK, Requests.check(own(ctx, QueryParams.read(ctx, "account", "amount")), settings, clock));
  }

  void reserve(RoutingContext ctx) {
    created(ctx, Addresses.RESERVE, Requests.reserve(own(ctx, jsonBody(ctx)), settings));
  }

  void createKey(RoutingContext ctx) {
    created(ctx, Addresses.KEYS_CREATE, KeyRequests.create(jsonBody(ctx)));
  }

  void listKeys(RoutingContext ctx) {
    QueryParams.read(ctx);
    forward(ctx, Addresses.KEYS_LIST, new KeyRequests.ListKeys());
  }

  void revokeKey(RoutingContext ctx) {
    forward(ctx, Addresses.KEYS_REVOKE, KeyRequests.revoke(new JsonObject().put("id", ctx.pathParam("id"))));
  }

  void settle(RoutingContext ctx) {
    forward(ctx, Addresses.SETTLE, Requests.settle(jsonBody(ctx).put("id", ctx.pathParam("id"))));
  }

  void release(RoutingContext ctx) {
    forward(ctx, Addresses.RELEASE, Requests.release(new JsonObject().put("id", ctx.pathParam("id"))));
  }

  void listEvents(RoutingContext ctx) {
    forward(ctx, Addresses.EVENTS, Requests.events(QueryParams.read(ctx, EVENTS_PARAMS)));
  }

  void reprocessEvent(RoutingContext ctx) {
    forward(ctx, Addresses.REPROCESS, Requests.reprocess(new JsonObject().put("id", ctx.pathParam("id"))));
  }

  void getReconcile(RoutingContext ctx) {
    forward(ctx, Addresses.RECONCILE, QueryParams.read(ctx));
  }

  void listNotifications(RoutingContext ctx) {
    forward(ctx, Addresses.NOTIFICATIONS, NotificationRequests.list(QueryParams.read(ctx, "status", "limit", "starting_after")));
  }

  void retryNotification(RoutingContext ctx) {
    forward(ctx, Addresses.NOTIFICATION_RETRY,
        NotificationRequests.retry(new JsonObject().put("id", ctx.pathParam("id"))));
  }

  void getLedger(RoutingContext ctx) {
    forward(ctx, Addresses.LEDGER, Requests.ledger(own(ctx, QueryParams.read(ctx, LEDGER_PARAMS)), settings, clock));
  }

  void listOpenReservations(RoutingContext ctx) {
    forward(ctx, Addresses.OPEN_RESERVATIONS, Requests.status(own(ctx, QueryParams.read(ctx, "account", "month")), settings, clock));
  }

  void getAgentSpend(RoutingContext ctx) {
    forward(ctx, Addresses.AGENT_SPEND, Requests.status(own(ctx, QueryParams.read(ctx, "account", "month")), settings, clock));
  }

  void getDaily(RoutingContext ctx) {
    forward(ctx, Addresses.DAILY, Requests.status(own(ctx, QueryParams.read(ctx, "account", "month")), settings, clock));
  }

  void listAccounts(RoutingContext ctx) {
    forward(ctx, Addresses.ACCOUNTS, Requests.accounts(QueryParams.read(ctx, "month", "limit", "starting_after"), clock));
  }

  /** Sends {@code request}, as {@link Access} permits it for the caller, to billing and answers its reply. */
  private void forward(RoutingContext ctx, String address, Object request) {
    bus.<JsonObject>request(address, access.permit(BearerAuth.caller(ctx), address, request), delivery)
        .onSuccess(reply -> ctx.json(reply.body()))
        .onFailure(ctx::fail);
  }

  private void created(RoutingContext ctx, String address, Object request) {
    bus.<JsonObject>request(address, access.permit(BearerAuth.caller(ctx), address, request), delivery)
        .onSuccess(reply -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").end(reply.body().encode()))
        .onFailure(ctx::fail);
  }

  /** A request that names no account is for the caller's: its key's first account, or DEFAULT_ACCOUNT for an admin. */
  static JsonObject own(RoutingContext ctx, JsonObject request) {
    Caller caller = BearerAuth.caller(ctx);
    return request.getValue("account") != null || caller.actsOnEveryAccount() ? request
        : request.put("account", caller.accounts().get(0));
  }

  /**
   * The {@code Idempotency-Key} header travels in the body, as event-bus callers send it. Given twice it
   * is refused: taking either one silently could record a retry twice.
   */
  private static JsonObject withIdempotencyKey(RoutingContext ctx, JsonObject body) {
    List<String> keys = ctx.request().headers().getAll("Idempotency-Key");
    if (keys.size() > 1) {
      throw ServiceError.invalid("Idempotency-Key must be given once; this request has " + keys.size());
    }
    return keys.isEmpty() ? body : body.put("idempotency_key", keys.get(0));
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ServiceError(ErrorType.UNSUPPORTED_MEDIA_TYPE, "send JSON with Content-Type: application/json");
    }
    JsonObject body = ctx.body().buffer() == null ? null : StrictJson.object(ctx.body().buffer());
    if (body == null) {
      throw ServiceError.invalid("body must be one JSON object (valid UTF-8, no duplicate keys)");
    }
    return body;
  }
}
