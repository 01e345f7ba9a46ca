package dev.budgetsync.billing;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.money.MoneyFormat;
import dev.budgetsync.store.BudgetChange;
import dev.budgetsync.store.Database;
import dev.budgetsync.store.EventStore;
import dev.budgetsync.store.ManualEntries;
import dev.budgetsync.store.Queries;
import dev.budgetsync.store.Reservations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The only writer of money: consumes verified events and admin requests from the event bus, writes
 * them to PostgreSQL, replies only after the commit, and publishes what changed.
 */
public final class BillingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BillingVerticle.class);

  private final AppConfig config;
  private final PgConnectOptions connectOptions;
  private final Clock clock;
  private ServiceMetrics metrics;
  private AccountSettings settings;
  private Pool pool;
  private EventStore events;
  private ManualEntries entries;
  private Reservations reservations;
  private Queries queries;
  private GroupCommit groupCommit;

  public BillingVerticle(AppConfig config, PgConnectOptions connectOptions, Clock clock) {
    this.config = config;
    this.connectOptions = connectOptions;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    settings = config.accountSettings();
    metrics = ServiceMetrics.of(vertx);
    pool = Database.pool(vertx, connectOptions, config.databaseSchema(), config.databasePoolSize());
    events = new EventStore(pool, settings.alertThresholds());
    groupCommit = new GroupCommit(vertx, events, config.batchSize(), config.batchWaitMs(), config.databasePoolSize(),
        metrics, this::publish);
    entries = new ManualEntries(pool, settings.alertThresholds(), clock);
    reservations = new Reservations(pool, settings.alertThresholds(), clock);
    vertx.setPeriodic(config.reservationSweepMs(), timer -> reservations.expireDue()
        .onSuccess(this::publish)
        .onFailure(error -> LOG.warn("releasing expired reservations failed: {}", error.toString())));
    queries = new Queries(pool, settings.budgetCurrency());
    return Future.all(List.of(
        serve(Addresses.WEBHOOK, this::receiveEvent),
        serve(Addresses.READY, body -> queries.ping().map(new JsonObject().put("database", "up"))),
        serve(Addresses.STATUS, body -> {
          Requests.StatusQuery query = Requests.status(body, settings, clock);
          return queries.status(query.account(), query.month()).map(BudgetStatus::toJson);
        }),
        serve(Addresses.ADD_FUNDS, body -> entries.addFunds(Requests.funds(body, settings)).map(this::answer)),
        serve(Addresses.SPEND, body -> entries.spend(Requests.spend(body, settings)).map(this::answer)),
        serve(Addresses.CHECK, body -> {
          Requests.CheckQuery query = Requests.check(body, settings, clock);
          return queries.status(query.account(), query.month()).map(status -> new JsonObject()
              .put("allowed", query.amount() <= status.remaining()).put("remaining", status.remaining()));
        }),
        serve(Addresses.RESERVE, body -> reservations.reserve(Requests.reserve(body, settings)).map(this::answer)),
        serve(Addresses.SETTLE, body -> reservations.settle(Requests.settle(body)).map(this::answer)),
        serve(Addresses.RELEASE, body -> reservations.release(Requests.reservationId(body)).map(this::answer)),
        serve(Addresses.EVENTS, body -> queries.events(Requests.events(body))),
        serve(Addresses.REPROCESS, body -> events.reprocess(Requests.eventId(body), this::effectOf).map(written -> {
          publish(written.changes());
          metrics.moneyMoved(written.results().get(0));
          return written.results().get(0).toJson();
        })),
        serve(Addresses.LEDGER, body -> queries.ledger(Requests.ledger(body, settings, clock))),
        serve(Addresses.DAILY, body -> {
          Requests.StatusQuery query = Requests.status(body, settings, clock);
          return queries.status(query.account(), query.month()).compose(status ->
              queries.daily(query.account(), query.month())
                  .map(days -> DailyReport.of(status, days, settings.alertThresholds(),
                      LocalDate.now(clock.withZone(ZoneOffset.UTC)))));
        }),
        serve(Addresses.ACCOUNTS, body -> queries.accounts(Requests.accounts(body, clock)))));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<JsonObject> receiveEvent(JsonObject body) {
    Object json = body.getValue("event");
    StripeEvent event = json instanceof JsonObject o ? StripeEvent.parse(o) : null;
    if (event == null) {
      throw new ApiException(400, "invalid_payload", "event has no id or type");
    }
    EventEffect effect = effectOf(event);
    // Key-value arguments, not MDC: one event loop interleaves the callbacks of many events, so a
    // thread-local MDC would tag lines with the wrong event. They read as key=value in text, fields in JSON.
    String payload = body.getValue("payload") instanceof String text ? text : null;
    return groupCommit.submit(new EventStore.Incoming(event, effect, payload)).map(result -> {
      metrics.eventCommitted(event.type(), result);
      // A duplicate's result has no account: the one its event names still tells whose it was.
      String account = result.account() != null ? result.account() : effect.account();
      LOG.info("Stripe event {} {}: {} {} amount={}{}", kv("event_id", event.id()), kv("event_type", event.type()),
          kv("outcome", result.outcome().wire()), kv("account", account),
          result.amount() == null ? "-" : MoneyFormat.format(result.amount(), result.currency()),
          result.reason() == null ? "" : " (" + result.reason() + ")");
      return result.toJson();
    }).onFailure(error -> {
      metrics.eventNotCommitted(event.type());
      LOG.warn("Stripe event {} {}: {} {} not committed, Stripe will retry it: {}", kv("event_id", event.id()),
          kv("event_type", event.type()), kv("outcome", ServiceMetrics.NOT_COMMITTED), kv("account", effect.account()),
          error.toString());
    });
  }

  /** A mapping error is the event's fault, not the database's: it is stored as failed and acknowledged. */
  private EventEffect effectOf(StripeEvent event) {
    return EventMapper.effectOf(event, settings);
  }

  private JsonObject answer(ManualEntries.Result result) {
    publish(result.changes());
    return result.status().toJson();
  }

  /** The reservation, with the account's month after the change under {@code budget}. */
  private JsonObject answer(Reservations.Result result) {
    publish(result.changes());
    return result.reservation().put("budget", result.status().toJson());
  }

  private void publish(List<BudgetChange> changes) {
    EventBus bus = vertx.eventBus();
    for (BudgetChange change : changes) {
      metrics.alertsFired(change.fired());
      bus.publish(Addresses.UPDATED, change.toJson());
      change.fired().forEach(t -> bus.publish(Addresses.ALERT, change.alertJson(t, "fired")));
      change.recovered().forEach(t -> bus.publish(Addresses.ALERT, change.alertJson(t, "recovered")));
    }
  }

  private Future<Void> serve(String address, Function<JsonObject, Future<JsonObject>> operation) {
    return vertx.eventBus().<JsonObject>consumer(address, message -> {
      Future<JsonObject> reply;
      try {
        reply = operation.apply(message.body() == null ? new JsonObject() : message.body());
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(message::reply).onFailure(error -> fail(address, message, error));
    }).completion();
  }

  private static void fail(String address, Message<JsonObject> message, Throwable error) {
    if (error instanceof ApiException api) {
      message.fail(api.status(), api.type());
    } else if (Unavailable.is(error)) {
      LOG.warn("{} failed, PostgreSQL unavailable: {}", address, error.toString());
      message.fail(503, "database_unavailable");
    } else if (error instanceof ClassCastException) {
      message.fail(400, "invalid_request");
    } else {
      LOG.error("{} failed", address, error);
      message.fail(500, "internal_error");
    }
  }
}
