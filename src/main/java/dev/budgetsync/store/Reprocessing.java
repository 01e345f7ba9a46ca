package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.Outcome;
import dev.budgetsync.domain.PaymentFacts;
import dev.budgetsync.domain.Refusal;
import dev.budgetsync.domain.StripeEvent;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a stored {@code failed} or {@code needs_review} event through the mapping again (after a fix or
 * a configuration change) and books its money, once, in one transaction, from its stored bytes.
 */
public final class Reprocessing {
  private static final Set<String> REPROCESSABLE = Set.of(Outcome.FAILED.wire(), Outcome.NEEDS_REVIEW.wire());
  private final Pool pool;
  private final AccountSettings settings;

  public Reprocessing(Pool pool, AccountSettings settings) {
    this.pool = pool;
    this.settings = settings;
  }

  public Future<Written<EventResult>> reprocess(String eventId, Function<StripeEvent, EventEffect> effectOf) {
    return Transactions.run(pool, conn -> conn.preparedQuery(LedgerSql.EVENT_FOR_REPROCESS).execute(Tuple.of(eventId))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "no stored event has this id");
          }
          Row row = rows.iterator().next();
          if (!REPROCESSABLE.contains(row.getString("outcome"))) {
            throw new Refusal(Refusal.Reason.NOT_REPROCESSABLE, "only failed and needs_review events are reprocessed");
          }
          StripeEvent event = parse(row);
          EventEffect effect = event == null
              ? EventEffect.noMoney(Outcome.FAILED, "stored payload has no id or type", null, new JsonObject())
              : effectOf.apply(event);
          PaymentFacts facts = effect.facts();
          EventResult planned = new EventResult(eventId, effect.outcome(), effect.reason(), effect.account(),
              effect.amount(), effect.currency());
          return conn.preparedQuery(LedgerSql.UPDATE_EVENT).execute(Tuple.from(Arrays.asList(eventId,
                  effect.outcome().wire(), effect.reason(), effect.account(), effect.amount(), effect.currency(),
                  effect.details(), facts == null ? null : facts.anchor(),
                  facts == null ? null : facts.toJson().encode())))
              .compose(v -> PaymentGroups.book(conn, facts == null ? List.of() : List.of(facts),
                  settings.defaultAccount(), settings.budgetCurrency(), Map.of(eventId, effect.details())))
              .compose(booking -> {
                BudgetDeltas deltas = new BudgetDeltas();
                booking.entries().forEach(deltas::add);
                EventResult actual = EventResults.actual(planned, effect, booking);
                Future<?> outcome = actual.equals(planned) ? Future.succeededFuture()
                    : conn.preparedQuery(LedgerSql.UPDATE_EVENT_OUTCOME).execute(Tuple.of(eventId, actual.outcome().wire(),
                        actual.reason(), actual.account(), actual.amount()));
                return outcome.compose(v -> deltas.flush(conn, settings.alertThresholds()))
                    .map(changes -> new Written<>(List.of(actual), changes));
              });
        }));
  }

  private static StripeEvent parse(Row row) {
    try {
      return StripeEvent.parse(row.getBuffer("payload").toJsonObject());
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
