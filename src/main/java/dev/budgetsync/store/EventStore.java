package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.Notifications;
import dev.budgetsync.domain.Outcome;
import dev.budgetsync.domain.PaymentFacts;
import dev.budgetsync.domain.Refusal;
import dev.budgetsync.domain.StripeEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Writes Stripe events with their money. A batch of events shares one transaction and every event
 * keeps its own result; when the batch fails on one event's data, each event is written alone, and
 * one that cannot be stored with its money is stored as {@code failed}, so Stripe stops retrying it.
 */
public final class EventStore {
  /** Deadlocks between batches that merge payments are rare; each retry sees the other's commit. */
  private static final int CONFLICT_RETRIES = 3;
  private final Pool pool;
  private final AccountSettings settings;

  public EventStore(Pool pool, AccountSettings settings) {
    this.pool = pool;
    this.settings = settings;
  }

  /**
   * A verified event and what it means, ready to be written.
   *
   * @param payload the event's exact bytes as received; null to store {@code event}'s JSON
   * @param source  {@code webhook} or {@code api} (read by reconciliation), stored with the event
   */
  public record Incoming(StripeEvent event, EventEffect effect, Buffer payload, String source) {
    public Incoming(StripeEvent event, EventEffect effect, Buffer payload) {
      this(event, effect, payload, "webhook");
    }

    public Incoming(StripeEvent event, EventEffect effect) {
      this(event, effect, null);
    }

    Buffer bytes() {
      return payload != null ? payload : event.json().toBuffer();
    }
  }

  public Future<Written<EventResult>> write(List<Incoming> batch) {
    return writeRetrying(batch, CONFLICT_RETRIES).recover(error -> {
      if (!isEventsFault(error)) {
        return Future.failedFuture(error);
      }
      return batch.size() > 1 ? writeEachAlone(batch) : writeFailed(batch.get(0), error);
    });
  }

  private Future<Written<EventResult>> writeRetrying(List<Incoming> batch, int retries) {
    return writeTogether(batch).recover(error -> retries > 0 && isConflict(error)
        ? writeRetrying(batch, retries - 1) : Future.failedFuture(error));
  }

  private Future<Written<EventResult>> writeTogether(List<Incoming> batch) {
    // Written in event-id order, so concurrent batches holding the same events lock them in one order.
    List<Integer> order = IntStream.range(0, batch.size()).boxed()
        .sorted(Comparator.comparing(i -> batch.get(i).event().id())).toList();
    return Transactions.run(pool, conn -> insertEvents(conn, batch, order)
        .compose(stored -> book(conn, batch, order, stored)));
  }

  /**
   * Stores the batch's events in one statement. Returns, by position in the batch, whether the event
   * was stored now: not before this transaction, and not as an earlier copy in this very batch.
   */
  private static Future<boolean[]> insertEvents(SqlConnection conn, List<Incoming> batch, List<Integer> order) {
    int n = order.size();
    Object[][] columns = new Object[15][];
    columns[0] = new String[n];
    columns[1] = new String[n];
    columns[2] = new OffsetDateTime[n];
    columns[3] = new Boolean[n];
    columns[4] = new String[n];
    columns[5] = new Buffer[n];
    columns[6] = new String[n];
    columns[7] = new String[n];
    columns[8] = new String[n];
    columns[9] = new Long[n];
    columns[10] = new String[n];
    columns[11] = new String[n];
    columns[12] = new String[n];
    columns[13] = new String[n];
    columns[14] = new String[n];
    for (int j = 0; j < n; j++) {
      Incoming incoming = batch.get(order.get(j));
      StripeEvent event = incoming.event();
      EventEffect effect = incoming.effect();
      PaymentFacts facts = effect.facts();
      columns[0][j] = event.id();
      columns[1][j] = event.type();
      columns[2][j] = createdAt(event);
      columns[3][j] = event.livemode();
      columns[4][j] = event.apiVersion();
      columns[5][j] = incoming.bytes();
      columns[6][j] = effect.outcome().wire();
      columns[7][j] = effect.reason();
      columns[8][j] = effect.account();
      columns[9][j] = effect.amount();
      columns[10][j] = effect.currency();
      columns[11][j] = effect.details() == null ? "{}" : effect.details().encode();
      columns[12][j] = facts == null ? null : facts.anchor();
      columns[13][j] = facts == null ? null : facts.toJson().encode();
      columns[14][j] = incoming.source();
    }
    return conn.preparedQuery(LedgerSql.INSERT_EVENTS).execute(Tuple.from(columns)).map(rows -> {
      Set<String> storedNow = new HashSet<>();
      rows.forEach(row -> storedNow.add(row.getString("id")));
      boolean[] stored = new boolean[batch.size()];
      for (int i : order) {
        stored[i] = storedNow.remove(batch.get(i).event().id());
      }
      return stored;
    });
  }

  /** Books the money of the events stored now, then each event's result, then the budget rows. */
  private Future<Written<EventResult>> book(SqlConnection conn, List<Incoming> batch, List<Integer> order, boolean[] stored) {
    List<PaymentFacts> facts = new ArrayList<>();
    Map<String, JsonObject> details = new HashMap<>();
    for (int i : order) {
      EventEffect effect = batch.get(i).effect();
      if (stored[i] && effect.facts() != null) {
        facts.add(effect.facts());
        details.put(batch.get(i).event().id(), effect.details());
      }
    }
    return PaymentGroups.book(conn, facts, settings.defaultAccount(), settings.budgetCurrency(), details)
        .compose(booking -> {
          BudgetDeltas deltas = new BudgetDeltas();
          booking.entries().forEach(deltas::add);
          List<EventResult> results = new ArrayList<>();
          List<EventResult> corrected = new ArrayList<>();
          for (int i = 0; i < batch.size(); i++) {
            Incoming incoming = batch.get(i);
            if (!stored[i]) {
              results.add(EventResult.duplicate(incoming.event().id()));
              continue;
            }
            EventResult planned = planned(incoming);
            EventResult actual = EventResults.actual(planned, incoming.effect(), booking);
            results.add(actual);
            if (!actual.equals(planned)) {
              corrected.add(actual);
            }
          }
          return InOrder.each(corrected, result -> conn.preparedQuery(LedgerSql.UPDATE_EVENT_OUTCOME).execute(Tuple.of(
                  result.eventId(), result.outcome().wire(), result.reason(), result.account(), result.amount())))
              // needs_review and failed outcomes are notified, written in this same transaction.
              .compose(v -> Outbox.add(conn, Notifications.ofOutcomes(batch.stream().map(Incoming::event).toList(),
                  results)))
              .compose(v -> deltas.flush(conn, settings.alertThresholds()))
              .map(changes -> new Written<>(results, changes));
        });
  }

  private static EventResult planned(Incoming incoming) {
    EventEffect effect = incoming.effect();
    return new EventResult(incoming.event().id(), effect.outcome(), effect.reason(), effect.account(), effect.amount(),
        effect.currency());
  }

  /** One after another, in the batch's order: what the events do to each other does not depend on a race. */
  private Future<Written<EventResult>> writeEachAlone(List<Incoming> batch) {
    return InOrder.map(batch, incoming -> write(List.of(incoming))).map(Written::joined);
  }

  /**
   * Stores the event without its money, so Stripe stops retrying it and it can be reprocessed:
   * {@code needs_review} when its money belongs on a budget kept in another currency, else {@code failed}.
   */
  private Future<Written<EventResult>> writeFailed(Incoming incoming, Throwable cause) {
    if (isCurrencyMismatch(cause)) {
      EventEffect review = EventEffect.noMoney(Outcome.NEEDS_REVIEW, cause.getMessage(), incoming.effect().account(),
          incoming.effect().details() == null ? new JsonObject() : incoming.effect().details());
      return writeTogether(List.of(new Incoming(incoming.event(), review, incoming.payload(), incoming.source())));
    }
    String reason = cause instanceof PgException pg
        ? "its effects violate a database constraint (SQLSTATE " + pg.getSqlState() + ")"
        : "its money cannot be computed (" + cause.getClass().getSimpleName() + ")";
    EventEffect failed = EventEffect.noMoney(Outcome.FAILED, reason, null, new JsonObject());
    return writeTogether(List.of(new Incoming(incoming.event(), failed, incoming.payload(), incoming.source())));
  }

  static OffsetDateTime createdAt(StripeEvent event) {
    return event.created() == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochSecond(event.created()), ZoneOffset.UTC);
  }

  static boolean isConflict(Throwable error) {
    return error instanceof PgException pg && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()));
  }

  /**
   * A failure that the events themselves cause, not the database's availability: a data error, or
   * arithmetic or a date that their numbers break. Such an event is stored as failed, alone.
   */
  static boolean isEventsFault(Throwable error) {
    return isDataError(error) || error instanceof ArithmeticException || error instanceof DateTimeException
        || isCurrencyMismatch(error);
  }

  private static boolean isCurrencyMismatch(Throwable error) {
    return error instanceof Refusal refusal && refusal.reason() == Refusal.Reason.CURRENCY_MISMATCH;
  }

  /** A failure caused by the data (SQL classes 22 and 23), not by the database being unavailable. */
  static boolean isDataError(Throwable error) {
    return error instanceof PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }
}
