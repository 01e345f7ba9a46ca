package dev.budgetsync.billing;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.KeyRequests;
import dev.budgetsync.bus.ReconcileRequest;
import dev.budgetsync.bus.NotificationRequests;
import dev.budgetsync.bus.Requests;
import dev.budgetsync.bus.Requests.AccountsQuery;
import dev.budgetsync.bus.Requests.CheckQuery;
import dev.budgetsync.bus.Requests.EventsQuery;
import dev.budgetsync.bus.Requests.LedgerQuery;
import dev.budgetsync.bus.Requests.StatusQuery;
import dev.budgetsync.bus.VerifiedWebhook;
import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.domain.AgentOp;
import dev.budgetsync.domain.AgentResult;
import dev.budgetsync.config.StripeApiSettings;
import dev.budgetsync.domain.AgentSpend;
import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.domain.BudgetStatus;
import dev.budgetsync.domain.DailyReport;
import dev.budgetsync.domain.EventFilter;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.LedgerLine;
import dev.budgetsync.domain.Reservation;
import dev.budgetsync.domain.NotificationView;
import dev.budgetsync.domain.StoredEvent;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.store.AgentLedger;
import dev.budgetsync.store.ApiKeys;
import dev.budgetsync.store.EventStore;
import dev.budgetsync.store.Lookups;
import dev.budgetsync.store.NotificationQueries;
import dev.budgetsync.store.Pools;
import dev.budgetsync.store.Queries;
import dev.budgetsync.store.Reprocessing;
import dev.budgetsync.store.ReconcileLock;
import dev.budgetsync.store.ReconcileRuns;
import dev.budgetsync.stripe.Retries;
import dev.budgetsync.stripe.StripeApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The only writer of money: consumes verified events and admin requests from the event bus, writes
 * them to PostgreSQL, replies only after the commit, and publishes what changed.
 */
public final class BillingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BillingVerticle.class);
  private static final int SWEEP_BATCH = 500;
  /** An account rarely holds more than a few: the dashboard shows the first hundred. */
  private static final int OPEN_RESERVATIONS_SHOWN = 100;

  private final AppConfig config;
  private final PgConnectOptions connectOptions;
  private final Clock clock;
  private ServiceMetrics metrics;
  private AccountSettings settings;
  private Pool pool;
  private Reprocessing reprocessing;
  private Queries queries;
  private StripeApi stripeApi;

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
    reprocessing = new Reprocessing(pool, settings);
    queries = new Queries(pool, settings.budgetCurrency());
    EventStore events = new EventStore(pool, settings);
    GroupCommit.Limits limits = new GroupCommit.Limits(config.batchSize(), config.batchWaitMs(),
        config.databasePoolSize(), config.billingTimeoutMs());
    StripeApiSettings stripe = config.stripeApi();
    stripeApi = stripe.configured()
        ? new StripeApi(vertx, stripe.secretKey(), stripe.apiBase(), Retries.DEFAULT) : null;
    Lookups answers = new Lookups(pool, settings);
    AttributionLookups lookups = new AttributionLookups(stripeApi, answers, new GroupCommit<Lookups.Answer, String>(
        vertx, (batch, deadline) -> answers.write(batch), limits, size -> metrics.batchCommitted("lookup", size), this::publish),
        settings.defaultAccount());
    // A webhook committed after its caller's timeout is only a duplicate when Stripe sends it again.
    WebhookIntake intake = new WebhookIntake(settings, new GroupCommit<EventStore.Incoming, EventResult>(vertx,
        (batch, deadline) -> events.write(batch), limits, size -> metrics.batchCommitted("webhook", size), this::publish), metrics, lookups);
    AgentLedger ledger = new AgentLedger(pool, settings, clock);
    AgentIntake agents = new AgentIntake(new GroupCommit<AgentOp, AgentResult>(vertx,
        ledger::write, limits, size -> metrics.batchCommitted("agent", size), this::publish), metrics);
    vertx.setPeriodic(config.reservationSweepMs(), timer -> agents.expireDue(SWEEP_BATCH)
        .onFailure(error -> LOG.warn("releasing expired reservations failed: {}", error.toString())));
    Reconciliation reconciliation = reconciliation();
    NotificationQueries notifications = new NotificationQueries(pool);
    Access access = new Access(vertx, config.adminToken(), config.billingTimeoutMs());
    Consumers bus = new Consumers(vertx.eventBus(), access);
    KeyService keys = new KeyService(vertx.eventBus(), new ApiKeys(pool));
    return Future.all(List.of(
        access.start(),
        // Keys are managed through this instance's own admin routes only.
        bus.local(Addresses.KEYS_CREATE, KeyRequests.CreateKey.class, KeyRequests::create, keys::create),
        bus.local(Addresses.KEYS_LIST, KeyRequests.ListKeys.class, json -> new KeyRequests.ListKeys(), keys::list),
        bus.local(Addresses.KEYS_REVOKE, KeyRequests.RevokeKey.class, KeyRequests::revoke, keys::revoke),
        bus.local(Addresses.KEYS_LOOKUP, KeyRequests.LookUpKey.class, null, keys::lookUp),
        // Local: the node that verified a webhook commits it; readiness and reprocessing are this node's own.
        bus.local(Addresses.WEBHOOK, VerifiedWebhook.class, null, intake::receive),
        bus.local(Addresses.READY, Object.class, json -> json,
            body -> queries.ping().map(new JsonObject().put("database", "up"))),
        bus.local(Addresses.REPROCESS, Requests.ReprocessRequest.class, Requests::reprocess, this::reprocess),
        bus.local(Addresses.RECONCILE_RUN, ReconcileRequest.class, null, request -> {
          // Beside the run, not before it: pending lookups wait for Stripe, the run need not.
          // A dry run writes nothing.
          if (!request.dryRun()) {
            lookups.retryPending();
          }
          return reconciliation.run(request);
        }),
        bus.local(Addresses.RECONCILE, Object.class, json -> json, body -> reconciliation.status()),
        bus.local(Addresses.NOTIFICATIONS, NotificationRequests.ListQuery.class, NotificationRequests::list,
            query -> notifications.list(query.status(), query.limit(), query.startingAfter())
                .map(page -> page.toJson(NotificationView::toJson))),
        bus.local(Addresses.NOTIFICATION_RETRY, NotificationRequests.RetryRequest.class, NotificationRequests::retry,
            request -> notifications.retry(request.id()).map(NotificationView::toJson)),
        bus.serve(Addresses.STATUS, StatusQuery.class, json -> Requests.status(json, settings, clock),
            query -> queries.status(query.account(), query.month()).map(BudgetStatus::toJson)),
        bus.serve(Addresses.ADD_FUNDS, Requests.FundsRequest.class, json -> Requests.funds(json, settings),
            agents::addFunds),
        bus.serve(Addresses.SPEND, Requests.SpendRequest.class, json -> Requests.spend(json, settings), agents::spend),
        bus.serve(Addresses.CHECK, CheckQuery.class, json -> Requests.check(json, settings, clock), this::check),
        bus.serve(Addresses.RESERVE, Requests.ReserveRequest.class, json -> Requests.reserve(json, settings),
            agents::reserve),
        bus.serve(Addresses.SETTLE, Requests.SettleRequest.class, Requests::settle, agents::settle),
        bus.serve(Addresses.RELEASE, Requests.ReleaseRequest.class, Requests::release, agents::release),
        bus.serve(Addresses.EVENTS, EventsQuery.class, Requests::events,
            query -> queries.events(query.limit(), query.startingAfter(), new EventFilter(query.type(),
                    query.outcome(), query.account(), query.createdGte(), query.createdLt(), query.accounts()))
                .map(page -> page.toJson(StoredEvent::toJson))),
        bus.serve(Addresses.LEDGER, LedgerQuery.class, json -> Requests.ledger(json, settings, clock),
            query -> queries.ledger(query.account(), query.month(), query.limit(), query.startingAfter(),
                query.kind(), query.source()).map(page -> page.toJson(LedgerLine::toJson))),
        bus.serve(Addresses.OPEN_RESERVATIONS, StatusQuery.class, json -> Requests.status(json, settings, clock),
            query -> queries.openReservations(query.account(), query.month(), OPEN_RESERVATIONS_SHOWN)
                .map(page -> page.toJson(Reservation::toDisplayJson))),
        bus.serve(Addresses.AGENT_SPEND, StatusQuery.class, json -> Requests.status(json, settings, clock),
            query -> queries.spendByAgent(query.account(), query.month()).map(spenders -> new JsonObject()
                .put("account", query.account()).put("month", query.month())
                .put("currency", settings.budgetCurrency())
                .put("data", new JsonArray(spenders.stream().map(AgentSpend::toJson).toList())))),
        bus.serve(Addresses.DAILY, StatusQuery.class, json -> Requests.status(json, settings, clock), this::daily),
        bus.serve(Addresses.ACCOUNTS, AccountsQuery.class, json -> Requests.accounts(json, clock),
            query -> queries.accounts(query.month(), query.limit(), query.startingAfter(), query.accounts())
                .map(page -> page.toJson(BudgetStatus::toDisplayJson)))))
        .compose(v -> warnOfOtherCurrencies());
  }

  @Override
  public Future<?> stop() {
    if (stripeApi != null) {
      stripeApi.close();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** Reconciliation with Stripe's API; it refuses to run without STRIPE_SECRET_KEY. */
  private Reconciliation reconciliation() {
    StripeApiSettings stripe = config.stripeApi();
    return new Reconciliation(vertx, stripeApi, new ReconcileRuns(pool),
        () -> ReconcileLock.acquire(vertx, connectOptions, config.databaseSchema(), Reconciliation.LOCK_WAIT), clock,
        config.billingTimeoutMs(), ManagementFactory.getRuntimeMXBean().getName(), stripe.reconcileIntervalMinutes());
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
    return reprocessing.reprocess(request.eventId(), event -> EventMapper.effectOf(event, settings)).map(written -> {
      publish(written.changes());
      EventResult result = written.results().get(0);
      metrics.moneyMoved(result);
      return result.toJson();
    });
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

  /** Said at start: after BUDGET_CURRENCY changed, the rows kept in the old one take no more money. */
  private Future<Void> warnOfOtherCurrencies() {
    return queries.otherCurrencyRows().map(counts -> {
      if (!counts.isEmpty()) {
        LOG.warn("budget rows in another currency than BUDGET_CURRENCY {} exist ({}): money is never added to them;"
            + " Stripe events for them are stored needs_review, and top-ups, spend and holds on them are refused"
            + " 409 currency_mismatch (docs/money.md)", settings.budgetCurrency(), counts.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue() + " row(s)").collect(Collectors.joining(", ")));
      }
      return null;
    }).<Void>mapEmpty().recover(error -> {
      // Only a warning: the refusals above do not depend on it.
      LOG.warn("could not look for budget rows in another currency: {}", error.toString());
      return Future.succeededFuture();
    });
  }
}
