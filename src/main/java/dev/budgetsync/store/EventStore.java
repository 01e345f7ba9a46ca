package dev.budgetsync.store;

import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.LedgerIntent;
import dev.budgetsync.domain.Notifications;
import dev.budgetsync.domain.Outcome;
import dev.budgetsync.domain.Refusal;
import dev.budgetsync.domain.StripeEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Writes Stripe events with their money effects. A batch of events shares one transaction, and
 * every event keeps its own outcome; when the batch fails on one event's data, each event is
 * written alone, and the one that cannot be stored with its effects is stored as {@code failed}.
 */
public final class EventStore {
  private static final Set<String> REPROCESSABLE = Set.of(Outcome.FAILED.wire(), Outcome.NEEDS_REVIEW.wire());
  private final Pool pool;
  private final List<Integer> alertThresholds;

  public EventStore(Pool pool, List<Integer> alertThresholds) {
    this.pool = pool;
    this.alertThresholds = alertThresholds;
  }

  /**
   * A verified event and what it means, ready to be written.
   *
   * @param payload the event's JSON text as received, stored as it is; null to store {@code event}'s JSON
   */
  public record Incoming(StripeEvent event, EventEffect effect, String payload) {
    public Incoming(StripeEvent event, EventEffect effect) {
      this(event, effect, null);
    }

    String payloadText() {
      return payload != null ? payload : event.json().encode();
    }
  }

  /** Each event's result, in order, and the budget rows the commit changed. */
  public record Written(List<EventResult> results, List<BudgetChange> changes) {
  }

  public Future<Written> write(List<Incoming> batch) {
    return writeTogether(batch).recover(error -> {
      if (isConflict(error)) {
        // A deadlock or serialization failure against a concurrent batch: retrying is safe.
        return writeTogether(batch);
      }
      return Future.failedFuture(error);
    }).recover(error -> {
      if (!isDataError(error)) {
        return Future.failedFuture(error);
      }
      if (batch.size() > 1) {
        return writeEachAlone(batch);
      }
      Incoming only = batch.get(0);
      if (only.payload() != null) {
        // jsonb may refuse text that the parser took (a byte-order mark): store the parsed form instead.
        return write(List.of(new Incoming(only.event(), only.effect())));
      }
      return writeFailed(only, error);
    });
  }

  private Future<Written> writeTogether(List<Incoming> batch) {
    // Written in event-id order, so concurrent batches holding the same events lock them in one order.
    List<Integer> order = IntStream.range(0, batch.size()).boxed()
        .sorted(Comparator.comparing(i -> batch.get(i).event().id())).toList();
    return Transactions.run(pool, conn -> insertEvents(conn, batch, order).compose(stored -> {
      BudgetDeltas deltas = new BudgetDeltas();
      return writeMoney(conn, batch, order, stored, deltas)
          // Notifications hook: needs_review and failed outcomes, written in this transaction.
          .compose(results -> Outbox.add(conn, Notifications.ofOutcomes(
              batch.stream().map(Incoming::event).toList(), results)).map(results))
          .compose(results -> deltas.flush(conn, alertThresholds).map(changes -> new Written(results, changes)));
    }));
  }

  /**
   * Stores the batch's events in one statement. Returns, by position in the batch, whether the event
   * was stored now: not before this transaction, and not as an earlier copy in this very batch.
   */
  private static Future<boolean[]> insertEvents(SqlConnection conn, List<Incoming> batch, List<Integer> order) {
    int n = order.size();
    String[] ids = new String[n];
    String[] types = new String[n];
    OffsetDateTime[] created = new OffsetDateTime[n];
    Boolean[] livemode = new Boolean[n];
    String[] apiVersions = new String[n];
    String[] payloads = new String[n];
    String[] outcomes = new String[n];
    String[] reasons = new String[n];
    String[] accounts = new String[n];
    Long[] amounts = new Long[n];
    String[] currencies = new String[n];
    String[] details = new String[n];
    for (int j = 0; j < n; j++) {
      Incoming incoming = batch.get(order.get(j));
      StripeEvent event = incoming.event();
      EventEffect effect = incoming.effect();
      ids[j] = event.id();
      types[j] = event.type();
      created[j] = createdAt(event);
      livemode[j] = event.livemode();
      apiVersions[j] = event.apiVersion();
      payloads[j] = incoming.payloadText();
      outcomes[j] = effect.outcome().wire();
      reasons[j] = effect.reason();
      accounts[j] = effect.account();
      amounts[j] = effect.amount();
      currencies[j] = effect.currency();
      details[j] = effect.details() == null ? null : effect.details().encode();
    }
    Tuple columns = Tuple.from(List.<Object>of(ids, types, created, livemode, apiVersions, payloads, outcomes,
        reasons, accounts, amounts, currencies, details));
    return conn.preparedQuery(Sql.INSERT_EVENTS).execute(columns).map(rows -> {
      Set<String> storedNow = new HashSet<>();
      rows.forEach(row -> storedNow.add(row.getString("id")));
      boolean[] stored = new boolean[batch.size()];
      for (int i : order) {
        stored[i] = storedNow.remove(batch.get(i).event().id());
      }
      return stored;
    });
  }

  /**
   * Applies the money of the events stored now: the batch's payments together ({@link PaymentCredits}),
   * every other event's intents one after another, in event-id order; then each event's outcome.
   */
  private Future<List<EventResult>> writeMoney(SqlConnection conn, List<Incoming> batch, List<Integer> order,
                                               boolean[] stored, BudgetDeltas deltas) {
    List<List<LedgerWriter.Applied>> applied = new ArrayList<>();
    batch.forEach(incoming -> applied.add(new ArrayList<>()));
    List<PaymentCredits.Credit> credits = new ArrayList<>();
    List<Integer> creditOf = new ArrayList<>();
    List<Integer> others = new ArrayList<>();
    for (int i : order) {
      List<LedgerIntent> intents = batch.get(i).effect().intents();
      if (!stored[i] || intents.isEmpty()) {
        continue;
      }
      if (intents.stream().allMatch(PaymentCredits::isPayment)) {
        for (LedgerIntent intent : intents) {
          credits.add(new PaymentCredits.Credit(batch.get(i).event().id(), intent));
          creditOf.add(i);
        }
      } else {
        others.add(i);
      }
    }
    Future<Void> chain = PaymentCredits.apply(conn, credits, deltas).map(paid -> {
      for (int c = 0; c < paid.size(); c++) {
        applied.get(creditOf.get(c)).add(paid.get(c));
      }
      return null;
    });
    for (int i : others) {
      Incoming incoming = batch.get(i);
      chain = chain.compose(v -> applyEach(conn, incoming.event().id(), incoming.effect(), deltas))
          .map(each -> applied.set(i, each)).mapEmpty();
    }
    EventResult[] results = new EventResult[batch.size()];
    for (int i : order) {
      String eventId = batch.get(i).event().id();
      if (!stored[i]) {
        results[i] = EventResult.duplicate(eventId);
        continue;
      }
      EventEffect effect = batch.get(i).effect();
      chain = chain.compose(v -> settle(conn, eventId, effect, applied.get(i))).map(result -> {
        results[i] = result;
        return null;
      });
    }
    return chain.map(v -> List.of(results));
  }

  private Future<Written> writeEachAlone(List<Incoming> batch) {
    List<Future<Written>> alone = batch.stream().map(incoming -> write(List.of(incoming))).toList();
    return Future.all(alone).map(all -> {
      List<EventResult> results = new ArrayList<>();
      List<BudgetChange> changes = new ArrayList<>();
      alone.forEach(f -> {
        results.addAll(f.result().results());
        changes.addAll(f.result().changes());
      });
      return new Written(results, changes);
    });
  }

  /** Stores the event without its money, so Stripe stops retrying it and it can be reprocessed. */
  private Future<Written> writeFailed(Incoming incoming, Throwable cause) {
    StripeEvent event = incoming.event();
    String state = cause instanceof PgException pg ? pg.getSqlState() : "unknown";
    EventEffect failed = EventEffect.noMoney(Outcome.FAILED,
        "its effects violate a database constraint (SQLSTATE " + state + ")", null, new JsonObject());
    return writeTogether(List.of(new Incoming(event, failed))).recover(again -> {
      if (!isDataError(again)) {
        return Future.failedFuture(again);
      }
      // The payload itself cannot be stored (e.g. a \u0000 that jsonb refuses): keep its envelope.
      JsonObject envelope = new JsonObject().put("id", event.id()).put("type", event.type())
          .put("payload_error", "the payload cannot be stored as jsonb");
      StripeEvent bare = new StripeEvent(event.id(), event.type(), event.created(), event.livemode(),
          event.apiVersion(), envelope);
      return writeTogether(List.of(new Incoming(bare, failed)));
    });
  }

  /**
   * Runs a stored {@code failed} or {@code needs_review} event through the mapping again (after a fix
   * or a configuration change) and applies its money, once, in one transaction.
   */
  public Future<Written> reprocess(String eventId, Function<StripeEvent, EventEffect> effectOf) {
    return Transactions.run(pool, conn -> conn.preparedQuery(Sql.EVENT_FOR_REPROCESS).execute(Tuple.of(eventId))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "no stored event has this id");
          }
          Row row = rows.iterator().next();
          if (!REPROCESSABLE.contains(row.getString("outcome"))) {
            throw new Refusal(Refusal.Reason.NOT_REPROCESSABLE, "only failed and needs_review events are reprocessed");
          }
          StripeEvent event = StripeEvent.parse(row.getJsonObject("payload"));
          EventEffect effect = event == null
              ? EventEffect.noMoney(Outcome.FAILED, "stored payload has no id or type", null, new JsonObject())
              : effectOf.apply(event);
          BudgetDeltas deltas = new BudgetDeltas();
          return applyIntents(conn, eventId, effect, deltas).compose(result -> conn.preparedQuery(Sql.UPDATE_EVENT)
                  .execute(Tuple.from(Arrays.asList(eventId, result.outcome().wire(), result.reason(), result.account(),
                      result.amount(), result.currency(), effect.details())))
                  .compose(v -> deltas.flush(conn, alertThresholds))
                  .map(changes -> new Written(List.of(result), changes)));
        }));
  }

  private Future<EventResult> applyIntents(SqlConnection conn, String eventId, EventEffect effect, BudgetDeltas deltas) {
    return applyEach(conn, eventId, effect, deltas).compose(applied -> settle(conn, eventId, effect, applied));
  }

  private static Future<List<LedgerWriter.Applied>> applyEach(SqlConnection conn, String eventId, EventEffect effect,
                                                             BudgetDeltas deltas) {
    return InOrder.map(effect.intents(), intent -> LedgerWriter.apply(conn, intent, eventId, deltas));
  }

  /** The event's result once its intents are applied; the stored outcome is corrected when it differs. */
  private static Future<EventResult> settle(SqlConnection conn, String eventId, EventEffect effect,
                                            List<LedgerWriter.Applied> applied) {
    EventResult planned = new EventResult(eventId, effect.outcome(), effect.reason(), effect.account(),
        effect.amount(), effect.currency());
    if (effect.intents().isEmpty()) {
      return Future.succeededFuture(planned);
    }
    EventResult actual = actualResult(planned, applied);
    if (actual.equals(planned)) {
      return Future.succeededFuture(actual);
    }
    return conn.preparedQuery(Sql.UPDATE_EVENT_OUTCOME)
        .execute(Tuple.of(eventId, actual.outcome().wire(), actual.reason(), actual.account(), actual.amount()))
        .map(actual);
  }

  /** The outcome once the ledger has decided: money that moved before makes the event {@code skipped}. */
  private static EventResult actualResult(EventResult planned, List<LedgerWriter.Applied> applied) {
    long moved = applied.stream().mapToLong(LedgerWriter.Applied::amount).sum();
    String account = applied.get(0).account();
    if (moved == 0) {
      return new EventResult(planned.eventId(), Outcome.SKIPPED, "money already moved as " + applied.get(0).owner(),
          account, 0L, planned.currency());
    }
    return new EventResult(planned.eventId(), planned.outcome(), planned.reason(), account, moved, planned.currency());
  }

  private static OffsetDateTime createdAt(StripeEvent event) {
    return event.created() == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochSecond(event.created()), ZoneOffset.UTC);
  }

  static boolean isConflict(Throwable error) {
    return error instanceof PgException pg && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()));
  }

  /** A failure caused by the data (SQL classes 22 and 23), not by the database being unavailable. */
  static boolean isDataError(Throwable error) {
    return error instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }
}
