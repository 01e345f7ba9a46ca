package dev.budgetsync.billing;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.Requests;
import dev.budgetsync.bus.Requests.AccountsQuery;
import dev.budgetsync.bus.Requests.CheckQuery;
import dev.budgetsync.bus.Requests.EventsQuery;
import dev.budgetsync.bus.Requests.LedgerQuery;
import dev.budgetsync.bus.Requests.StatusQuery;
import dev.budgetsync.bus.VerifiedWebhook;
import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.domain.BudgetStatus;
import dev.budgetsync.domain.DailyReport;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.LedgerLine;
import dev.budgetsync.domain.StoredEvent;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.store.EventStore;
import dev.budgetsync.store.ManualEntries;
import dev.budgetsync.store.Pools;
import dev.budgetsync.store.Queries;
import dev.budgetsync.store.Reservations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

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

  public BillingVerticle(AppConfig config, PgConnectOptions connectOptions, Clock clock) {
    this.config = config;
    this.connectOptions = connectOptions;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    settings = config.accountSettings();
    metrics = ServiceMetrics.of(vertx);
    pool = Pools.pool(vertx, connectOptions, config.databaseSchema(), config.databasePoolSize());
    events = new EventStore(pool, settings.alertThresholds());
    GroupCommit groupCommit = new GroupCommit(vertx, events, config.batchSize(), config.batchWaitMs(),
        config.databasePoolSize(), metrics, this::publish);
    WebhookIntake intake = new WebhookIntake(settings, groupCommit, metrics);
    entries = new ManualEntries(pool, settings.alertThresholds(), clock);
    reservations = new Reservations(pool, settings.alertThresholds(), clock);
    vertx.setPeriodic(config.reservationSweepMs(), timer -> reservations.expireDue()
        .onSuccess(this::publish)
        .onFailure(error -> LOG.warn("releasing expired reservations failed: {}", error.toString())));
    queries = new Queries(pool, settings.budgetCurrency());
    Consumers bus = new Consumers(vertx.eventBus(), new Access(config.adminToken()));
    return Future.all(List.of(
        // Local: the node that verified a webhook commits it; readiness and reprocessing are this node's own.
        bus.local(Addresses.WEBHOOK, VerifiedWebhook.class, null, intake::receive),
        bus.local(Addresses.READY, Object.class, json -> json,
            body -> queries.ping().map(new JsonObject().put("database", "up"))),
        bus.local(Addresses.REPROCESS, Requests.ReprocessRequest.class, Requests::reprocess, this::reprocess),
        bus.serve(Addresses.STATUS, StatusQuery.class, json -> Requests.status(json, settings, clock),
            query -> queries.status(query.account(), query.month()).map(BudgetStatus::toJson)),
        bus.serve(Addresses.ADD_FUNDS, Requests.FundsRequest.class, json -> Requests.funds(json, settings),
            request -> entries.addFunds(request.account(), request.amount(), request.currency(), request.note(),
                request.idempotencyKey()).map(this::answer)),
        bus.serve(Addresses.SPEND, Requests.SpendRequest.class, json -> Requests.spend(json, settings),
            request -> entries.spend(request.account(), request.agent(), request.amount(), request.currency(),
                request.description(), request.idempotencyKey()).map(this::answer)),
        bus.serve(Addresses.CHECK, CheckQuery.class, json -> Requests.check(json, settings, clock), this::check),
        bus.serve(Addresses.RESERVE, Requests.ReserveRequest.class, json -> Requests.reserve(json, settings),
            request -> reservations.reserve(request.account(), request.agent(), request.amount(), request.currency(),
                request.ttlSeconds()).map(this::answer)),
        bus.serve(Addresses.SETTLE, Requests.SettleRequest.class, Requests::settle,
            request -> reservations.settle(request.id(), request.amount()).map(this::answer)),
        bus.serve(Addresses.RELEASE, Requests.ReleaseRequest.class, Requests::release,
            request -> reservations.release(request.id()).map(this::answer)),
        bus.serve(Addresses.EVENTS, EventsQuery.class, Requests::events,
            query -> queries.events(query.limit(), query.startingAfter(), query.type())
                .map(page -> page.toJson(StoredEvent::toJson))),
        bus.serve(Addresses.LEDGER, LedgerQuery.class, json -> Requests.ledger(json, settings, clock),
            query -> queries.ledger(query.account(), query.month(), query.limit(), query.startingAfter())
                .map(page -> page.toJson(LedgerLine::toJson))),
        bus.serve(Addresses.DAILY, StatusQuery.class, json -> Requests.status(json, settings, clock), this::daily),
        bus.serve(Addresses.ACCOUNTS, AccountsQuery.class, json -> Requests.accounts(json, clock),
            query -> queries.accounts(query.month(), query.limit(), query.startingAfter())
                .map(page -> page.toJson(BudgetStatus::toDisplayJson)))));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<JsonObject> check(CheckQuery query) {
    return queries.status(query.account(), query.month()).map(status -> new JsonObject()
        .put("allowed", query.amount() <= status.remaining()).put("remaining", status.remaining()));
  }

  private Future<JsonObject> daily(StatusQuery query) {
    return queries.status(query.account(), query.month()).compose(status ->
        queries.daily(query.account(), query.month()).map(days -> DailyReport.of(status, days,
            settings.alertThresholds(), LocalDate.now(clock.withZone(ZoneOffset.UTC)))));
  }

  private Future<JsonObject> reprocess(Requests.ReprocessRequest request) {
    return events.reprocess(request.eventId(), event -> EventMapper.effectOf(event, settings)).map(written -> {
      publish(written.changes());
      EventResult result = written.results().get(0);
      metrics.moneyMoved(result);
      return result.toJson();
    });
  }

  private JsonObject answer(ManualEntries.Result result) {
    publish(result.changes());
    return result.status().toJson();
  }

  /** The reservation, with the account's month after the change under {@code budget}. */
  private JsonObject answer(Reservations.Result result) {
    publish(result.changes());
    return result.reservation().toJson().put("budget", result.status().toJson());
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
}
