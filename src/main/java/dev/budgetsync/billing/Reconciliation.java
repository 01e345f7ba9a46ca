package dev.budgetsync.billing;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ReconcileRequest;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.bus.VerifiedWebhook;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.ReconcileRun;
import dev.budgetsync.domain.WebhookEndpoints;
import dev.budgetsync.metrics.ReconcileMetrics;
import dev.budgetsync.store.ReconcileLock;
import dev.budgetsync.store.ReconcileRuns;
import dev.budgetsync.stripe.StripeApi;
import dev.budgetsync.stripe.ListCursor;
import dev.budgetsync.stripe.StripeApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One reconciliation with Stripe's Events API. With the advisory lock held, it lists the events of
 * the supported types created since the last successful run's watermark (less an overlap), or
 * since the asked time, every page; each one not stored yet goes to this instance's webhook address
 * as a webhook's body does, so it meets the same mapping, group commit and outcome. The run, and
 * the webhook endpoints' health found on the way, are stored in {@code reconcile_run}.
 */
final class Reconciliation {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
  /** Stripe lists an event a moment after its creation: each run looks again at the last minutes of the one before. */
  static final Duration OVERLAP = Duration.ofMinutes(10);
  /** Without a watermark, the window in which Stripe itself still retries; older history is `reconcile --days`. */
  static final Duration FIRST_LOOKBACK = Duration.ofDays(3);
  static final Duration LOCK_WAIT = Duration.ofMinutes(10);
  /** Stripe takes at most 20 {@code types[]} in one list request. */
  private static final int TYPES_PER_LIST = 20;
  private static final int LATEST_RUNS = 20;

  private final Vertx vertx;
  private final StripeApi api;
  private final ReconcileRuns runs;
  private final Supplier<Future<ReconcileLock>> lock;
  private final Clock clock;
  private final DeliveryOptions delivery;
  private final ReconcileMetrics metrics;
  private final String instance;
  private final int intervalMinutes;

  /** {@code api} is null without STRIPE_SECRET_KEY: runs are then refused, and the status says so. */
  Reconciliation(Vertx vertx, StripeApi api, ReconcileRuns runs, Supplier<Future<ReconcileLock>> lock, Clock clock,
                 long billingTimeoutMs, String instance, int intervalMinutes) {
    this.vertx = vertx;
    this.api = api;
    this.runs = runs;
    this.lock = lock;
    this.clock = clock;
    // Local, as the webhook route sends: this instance's group commit takes the events.
    this.delivery = new DeliveryOptions().setLocalOnly(true).setSendTimeout(billingTimeoutMs);
    this.metrics = ReconcileMetrics.of(vertx);
    this.instance = instance;
    this.intervalMinutes = intervalMinutes;
  }

  Future<JsonObject> run(ReconcileRequest request) {
    if (api == null) {
      throw new ServiceError(ErrorType.SERVICE_UNAVAILABLE, "STRIPE_SECRET_KEY is not set");
    }
    return lock.get().transform(locked -> {
      if (locked.succeeded()) {
        return runLocked(request).eventually(() -> locked.result().release());
      }
      if (ReconcileLock.isBusy(locked.cause())) {
        return runs.skipped(request.trigger(), instance, request.dryRun(), clock.instant(),
            "another reconciliation held the lock for " + LOCK_WAIT.toMinutes() + " minutes").map(this::finished);
      }
      return Future.failedFuture(locked.cause());
    });
  }

  /** The last runs, newest first, and the webhook endpoints' health as the last run found it. */
  Future<JsonObject> status() {
    return runs.latest(LATEST_RUNS).compose(latest -> runs.latestEndpointCheck().map(endpoints -> new JsonObject()
        .put("enabled", api != null).put("interval_minutes", api == null ? 0 : intervalMinutes)
        .put("runs", new JsonArray(latest.stream().map(ReconcileRun::toJson).toList()))
        .put("webhook_endpoints", endpoints)));
  }

  private Future<JsonObject> runLocked(ReconcileRequest request) {
    Instant until = clock.instant();
    Future<Instant> since = request.since() != null ? Future.succeededFuture(request.since())
        : runs.watermark().map(mark -> mark == null ? until.minus(FIRST_LOOKBACK) : fromWatermark(mark, until));
    return since.compose(from -> runs.start(request.trigger(), instance, request.dryRun(), from, until)
            .compose(id -> {
              RunTally tally = new RunTally();
              return checkEndpoints(tally).compose(v -> listAll(from.getEpochSecond(), tally, request.dryRun()))
                  .transform(done -> runs.finish(id, tally.finished(done.cause())));
            }))
        .map(this::finished);
  }

  private static Instant fromWatermark(Instant mark, Instant until) {
    Instant oldest = until.minus(ReconcileRequest.RETENTION);
    Instant from = mark.minus(OVERLAP);
    if (from.isBefore(oldest)) {
      LOG.warn("the last successful reconciliation looked up to {}, beyond the 30 days Stripe keeps events:"
          + " events between then and {} can no longer be listed", mark, oldest);
      return oldest;
    }
    return from;
  }

  /** Reads the endpoints' health; a key that may not read them leaves a note, and the run goes on. */
  private Future<Void> checkEndpoints(RunTally tally) {
    return api.webhookEndpoints().transform(read -> {
      Instant now = clock.instant();
      if (read.failed()) {
        if (read.cause() instanceof StripeApiException e && e.kind() != StripeApiException.Kind.KEY_REJECTED
            && e.kind() != StripeApiException.Kind.UNREACHABLE) {
          LOG.warn("Stripe webhook endpoints could not be checked: {}", e.getMessage());
          tally.webhookEndpoints = new JsonObject().put("checked_at", now.toString()).put("error", e.getMessage());
          return Future.succeededFuture();
        }
        return Future.failedFuture(read.cause());
      }
      WebhookEndpoints.Health health = WebhookEndpoints.check(read.result(), EventMapper.SUPPORTED_EVENTS);
      tally.webhookEndpoints = health.toJson(now);
      metrics.endpointProblems(health.problems());
      if (!health.findings().isEmpty()) {
        LOG.warn("Stripe webhook endpoints need attention: {}",
            kv("endpoint_problems", String.join("; ", health.findings())));
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> listAll(long since, RunTally tally, boolean dryRun) {
    List<String> types = EventMapper.SUPPORTED_EVENTS;
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < types.size(); i += TYPES_PER_LIST) {
      List<String> some = types.subList(i, Math.min(types.size(), i + TYPES_PER_LIST));
      ListCursor cursor = new ListCursor("GET /v1/events", ListCursor.MAX_PAGES);
      chain = chain.compose(v -> pages(since, some, null, cursor, tally, dryRun));
    }
    return chain;
  }

  private Future<Void> pages(long since, List<String> types, String after, ListCursor cursor, RunTally tally,
                             boolean dryRun) {
    return api.events(since, types, after).compose(page -> {
      // Judged before it is counted: a page listed again is not processed again.
      String next = cursor.next(page);
      return runs.storedAmong(page.ids()).compose(stored -> {
        tally.listed += page.ids().size();
        List<Buffer> fresh = new ArrayList<>();
        // Stripe lists newest first; within a page, older events go first (a payment before its refund).
        for (int i = page.ids().size() - 1; i >= 0; i--) {
          if (stored.contains(page.ids().get(i))) {
            tally.alreadyStored++;
          } else {
            fresh.add(page.items().get(i));
          }
        }
        return dryRun ? Future.<Void>succeededFuture() : deliver(fresh, tally);
      }).compose(v -> {
        if (tally.errors > 0) {
          return Future.failedFuture(tally.notCommitted());
        }
        return next != null ? pages(since, types, next, cursor, tally, dryRun) : Future.succeededFuture();
      });
    });
  }

  /**
   * A page's new events one after another, each counted by its outcome. The money does not need the
   * order (a payment and its refund in concurrent transactions land on one account); one at a time
   * keeps a run from filling group commit's queue ahead of live webhooks.
   */
  private Future<Void> deliver(List<Buffer> events, RunTally tally) {
    Future<Void> chain = Future.succeededFuture();
    for (Buffer body : events) {
      chain = chain.compose(v -> vertx.eventBus()
          .<JsonObject>request(Addresses.WEBHOOK, new VerifiedWebhook(body, VerifiedWebhook.API), delivery)
          .transform(reply -> {
            if (reply.succeeded()) {
              tally.processed(reply.result().body().getString("outcome"));
            } else {
              tally.failed(reply.cause());
            }
            return Future.<Void>succeededFuture();
          }));
    }
    return chain;
  }

  private JsonObject finished(ReconcileRun run) {
    metrics.runFinished(run);
    String line = "reconciliation {} {}: {} {} {} {} {} {} {}{}";
    Object[] fields = {kv("reconcile_run", run.id()), kv("status", run.status()), kv("trigger", run.trigger()),
        kv("listed", run.listed()), kv("already_stored", run.alreadyStored()), kv("new", run.fresh()),
        kv("processed", run.processed()), kv("errors", run.errors()), kv("duration_ms", run.duration().toMillis()),
        run.error() == null ? "" : " (" + run.error() + ")"};
    if (ReconcileRun.OK.equals(run.status())) {
      LOG.info(line, fields);
    } else {
      LOG.warn(line, fields);
    }
    return run.toJson();
  }
}
