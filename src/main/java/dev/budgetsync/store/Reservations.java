package dev.budgetsync.store;

import dev.budgetsync.domain.AccountRef;
import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.domain.BudgetStatus;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.LedgerIntent;
import dev.budgetsync.domain.Refusal;
import dev.budgetsync.domain.Reservation;
import dev.budgetsync.money.Months;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * Budget held before work and settled after. The hold is granted by a conditional update of the
 * budget row, so concurrent reservations on any number of instances never hold more than remains.
 */
public final class Reservations {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SWEEP_BATCH = 500;

  private final Pool pool;
  private final List<Integer> alertThresholds;
  private final Clock clock;

  public Reservations(Pool pool, List<Integer> alertThresholds, Clock clock) {
    this.pool = pool;
    this.alertThresholds = alertThresholds;
    this.clock = clock;
  }

  /**
   * The reservation after the change; {@code status} is the account's month after it; {@code spent}
   * the spend this request recorded (a settle's amount, once).
   */
  public record Result(Reservation reservation, BudgetStatus status, List<BudgetChange> changes, long spent) {
  }

  /** Holds {@code amount} for {@code ttlSeconds}, or refuses with {@code INSUFFICIENT_BUDGET} when it does not fit. */
  public Future<Result> reserve(String account, String agent, long amount, String currency, long ttlSeconds) {
    String month = Months.of(clock.instant());
    String id = "res_" + HexFormat.of().formatHex(randomBytes());
    // PostgreSQL keeps microseconds: the answer shows the time as it is stored.
    OffsetDateTime expiresAt = OffsetDateTime.ofInstant(clock.instant().plusSeconds(ttlSeconds)
        .truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    Reservation reservation = new Reservation(id, account, month, agent, amount, currency, "held",
        expiresAt.toInstant(), null);
    return Transactions.run(pool, conn -> {
      BudgetDeltas released = new BudgetDeltas();
      // Holds past their expiry give their budget back first, whether or not the sweeper ran yet.
      return conn.preparedQuery(Sql.EXPIRE_DUE_OF_ACCOUNT).execute(Tuple.of(account, month))
          .compose(expired -> {
            releaseAll(expired, released);
            return released.flush(conn, alertThresholds);
          })
          .compose(changes -> conn.preparedQuery(Sql.ENSURE_BUDGET).execute(Tuple.of(account, month, currency))
              .compose(v -> conn.preparedQuery(Sql.HOLD).execute(Tuple.of(account, month, amount)))
              .compose(held -> {
                if (held.size() == 0) {
                  throw new Refusal(Refusal.Reason.INSUFFICIENT_BUDGET, "the amount does not fit in the remaining budget");
                }
                return conn.preparedQuery(Sql.INSERT_RESERVATION).execute(Tuple.of(id, account, month, agent,
                    amount, currency, expiresAt));
              })
              .compose(v -> Queries.status(conn, account, month, currency))
              .map(status -> new Result(reservation, status, withHold(changes, account, month), 0)));
    });
  }

  /**
   * Records {@code amount} as spend and releases the hold. Settling twice records once: the spend
   * entry's money key is the reservation id. An expired reservation still records its spend.
   */
  public Future<Result> settle(String id, long amount) {
    return Transactions.run(pool, conn -> locked(conn, id).compose(held -> {
      switch (held.status()) {
        case "released" -> throw new Refusal(Refusal.Reason.RESERVATION_RELEASED,
            "this reservation was released; record spend instead");
        case "settled" -> {
          return result(conn, held, List.of(), 0);
        }
        default -> {
          BudgetDeltas deltas = new BudgetDeltas();
          if (held.status().equals("held")) {
            deltas.reserve(held.account(), held.month(), held.currency(), -held.amount());
          }
          Future<Void> spend = amount == 0 ? Future.succeededFuture()
              : LedgerWriter.apply(conn, spendIntent(held, amount), null, deltas).mapEmpty();
          return spend
              .compose(v -> conn.preparedQuery(Sql.CLOSE_RESERVATION).execute(Tuple.of(id, "settled", amount)))
              .compose(v -> deltas.flush(conn, alertThresholds))
              .compose(changes -> result(conn, held.withStatus("settled", amount), changes, amount));
        }
      }
    }));
  }

  /** Gives the hold back. Releasing twice, or releasing an expired reservation, changes nothing. */
  public Future<Result> release(String id) {
    return Transactions.run(pool, conn -> locked(conn, id).compose(held -> {
      if (held.status().equals("settled")) {
        throw new Refusal(Refusal.Reason.RESERVATION_SETTLED, "this reservation was settled");
      }
      if (!held.status().equals("held")) {
        return result(conn, held, List.of(), 0);
      }
      BudgetDeltas deltas = new BudgetDeltas();
      deltas.reserve(held.account(), held.month(), held.currency(), -held.amount());
      return conn.preparedQuery(Sql.CLOSE_RESERVATION).execute(Tuple.of(id, "released", null))
          .compose(v -> deltas.flush(conn, alertThresholds))
          .compose(changes -> result(conn, held.withStatus("released", null), changes, 0));
    }));
  }

  /** Releases the holds past their expiry, a batch at a time; every instance may sweep at once. */
  public Future<List<BudgetChange>> expireDue() {
    return Transactions.run(pool, conn -> conn.preparedQuery(Sql.EXPIRE_DUE).execute(Tuple.of(SWEEP_BATCH))
        .compose(expired -> {
          BudgetDeltas deltas = new BudgetDeltas();
          releaseAll(expired, deltas);
          return deltas.flush(conn, alertThresholds);
        }));
  }

  private static void releaseAll(RowSet<Row> expired, BudgetDeltas deltas) {
    for (Row row : expired) {
      deltas.reserve(row.getString("account"), row.getString("month"), row.getString("currency"),
          -row.getLong("amount"));
    }
  }

  private static Future<Reservation> locked(SqlConnection conn, String id) {
    return conn.preparedQuery(Sql.RESERVATION_FOR_UPDATE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw new Refusal(Refusal.Reason.NOT_FOUND, "no reservation has this id");
      }
      Row row = rows.iterator().next();
      return new Reservation(id, row.getString("account"), row.getString("month"), row.getString("agent"),
          row.getLong("amount"), row.getString("currency"), row.getString("status"),
          row.getOffsetDateTime("expires_at").toInstant(), row.getLong("settled_amount"));
    });
  }

  private LedgerIntent spendIntent(Reservation held, long amount) {
    return new LedgerIntent(EntryKind.SPEND, AccountRef.of(held.account()),
        Months.of(clock.instant()), amount, held.currency(), "agent:" + held.agent(),
        "reservation:" + held.id(), List.of(), null,
        new JsonObject().put("agent", held.agent()).put("reservation", held.id()).put("held", held.amount()),
        false);
  }

  private static Future<Result> result(SqlConnection conn, Reservation reservation, List<BudgetChange> changes,
                                       long spent) {
    return Queries.status(conn, reservation.account(), reservation.month(), reservation.currency())
        .map(status -> new Result(reservation, status, changes, spent));
  }

  /** The hold changed the row too: publish it even when no other figure moved. */
  private static List<BudgetChange> withHold(List<BudgetChange> changes, String account, String month) {
    if (changes.stream().anyMatch(c -> c.account().equals(account) && c.month().equals(month))) {
      return changes;
    }
    return java.util.stream.Stream.concat(changes.stream(), java.util.stream.Stream.of(
        new BudgetChange(account, month, List.of(), List.of()))).toList();
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
