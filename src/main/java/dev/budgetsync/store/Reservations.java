package dev.budgetsync.store;

import dev.budgetsync.billing.AccountRef;
import dev.budgetsync.billing.ApiException;
import dev.budgetsync.billing.BudgetStatus;
import dev.budgetsync.billing.LedgerIntent;
import dev.budgetsync.billing.Requests.ReserveRequest;
import dev.budgetsync.billing.Requests.SettleRequest;
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

  /** {@code reservation} as the routes answer it; {@code status} is the account's month after the change. */
  public record Result(JsonObject reservation, BudgetStatus status, List<BudgetChange> changes) {
  }

  public Future<Result> reserve(ReserveRequest request) {
    String month = Months.of(clock.instant());
    String id = "res_" + HexFormat.of().formatHex(randomBytes());
    // PostgreSQL keeps microseconds: the answer shows the time as it is stored.
    OffsetDateTime expiresAt = OffsetDateTime.ofInstant(clock.instant().plusSeconds(request.ttlSeconds())
        .truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    return pool.withTransaction(conn -> {
      BudgetDeltas released = new BudgetDeltas();
      // Holds past their expiry give their budget back first, whether or not the sweeper ran yet.
      return conn.preparedQuery(Sql.EXPIRE_DUE_OF_ACCOUNT).execute(Tuple.of(request.account(), month))
          .compose(expired -> {
            releaseAll(expired, released);
            return released.flush(conn, alertThresholds);
          })
          .compose(changes -> conn.preparedQuery(Sql.ENSURE_BUDGET)
              .execute(Tuple.of(request.account(), month, request.currency()))
              .compose(v -> conn.preparedQuery(Sql.HOLD).execute(Tuple.of(request.account(), month, request.amount())))
              .compose(held -> {
                if (held.size() == 0) {
                  throw new ApiException(402, "insufficient_budget", "the amount does not fit in the remaining budget");
                }
                return conn.preparedQuery(Sql.INSERT_RESERVATION).execute(Tuple.of(id, request.account(), month,
                    request.agent(), request.amount(), request.currency(), expiresAt));
              })
              .compose(v -> Queries.status(conn, request.account(), month, request.currency()))
              .map(status -> new Result(new JsonObject().put("id", id).put("account", request.account())
                  .put("month", month).put("agent", request.agent()).put("amount", request.amount())
                  .put("currency", request.currency()).put("status", "held")
                  .put("expires_at", expiresAt.toInstant().toString()).put("settled_amount", null),
                  status, withHold(changes, request.account(), month))));
    });
  }

  /**
   * Records {@code amount} as spend and releases the hold. Settling twice records once: the spend
   * entry's money key is the reservation id. An expired reservation still records its spend.
   */
  public Future<Result> settle(SettleRequest request) {
    return pool.withTransaction(conn -> locked(conn, request.id()).compose(row -> {
      String status = row.getString("status");
      if (status.equals("released")) {
        throw new ApiException(409, "reservation_released", "this reservation was released; record spend instead");
      }
      if (status.equals("settled")) {
        return result(conn, request.id(), row.toJson(), List.of());
      }
      BudgetDeltas deltas = new BudgetDeltas();
      if (status.equals("held")) {
        deltas.reserve(row.getString("account"), row.getString("month"), row.getString("currency"),
            -row.getLong("amount"));
      }
      Future<Void> spend = request.amount() == 0 ? Future.succeededFuture()
          : LedgerWriter.apply(conn, spendIntent(request, row), null, deltas).mapEmpty();
      return spend
          .compose(v -> conn.preparedQuery(Sql.CLOSE_RESERVATION).execute(Tuple.of(request.id(), "settled",
              request.amount())))
          .compose(v -> deltas.flush(conn, alertThresholds))
          .compose(changes -> result(conn, request.id(), row.toJson().put("status", "settled")
              .put("settled_amount", request.amount()), changes));
    }));
  }

  /** Gives the hold back. Releasing twice, or releasing an expired reservation, changes nothing. */
  public Future<Result> release(String id) {
    return pool.withTransaction(conn -> locked(conn, id).compose(row -> {
      String status = row.getString("status");
      if (status.equals("settled")) {
        throw new ApiException(409, "reservation_settled", "this reservation was settled");
      }
      if (!status.equals("held")) {
        return result(conn, id, row.toJson(), List.of());
      }
      BudgetDeltas deltas = new BudgetDeltas();
      deltas.reserve(row.getString("account"), row.getString("month"), row.getString("currency"),
          -row.getLong("amount"));
      return conn.preparedQuery(Sql.CLOSE_RESERVATION).execute(Tuple.of(id, "released", null))
          .compose(v -> deltas.flush(conn, alertThresholds))
          .compose(changes -> result(conn, id, row.toJson().put("status", "released"), changes));
    }));
  }

  /** Releases the holds past their expiry, a batch at a time; every instance may sweep at once. */
  public Future<List<BudgetChange>> expireDue() {
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.EXPIRE_DUE).execute(Tuple.of(SWEEP_BATCH))
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

  private static Future<Row> locked(SqlConnection conn, String id) {
    return conn.preparedQuery(Sql.RESERVATION_FOR_UPDATE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw new ApiException(404, "not_found", "no reservation has this id");
      }
      return rows.iterator().next();
    });
  }

  private LedgerIntent spendIntent(SettleRequest request, Row row) {
    String agent = row.getString("agent");
    return new LedgerIntent(LedgerIntent.Kind.SPEND, AccountRef.of(row.getString("account")),
        Months.of(clock.instant()), request.amount(), row.getString("currency"), "agent:" + agent,
        "reservation:" + request.id(), List.of(), null,
        new JsonObject().put("agent", agent).put("reservation", request.id()).put("held", row.getLong("amount")),
        false);
  }

  private static Future<Result> result(SqlConnection conn, String id, JsonObject row, List<BudgetChange> changes) {
    JsonObject reservation = row.copy();
    Object expires = reservation.getValue("expires_at");
    OffsetDateTime expiresAt = expires instanceof OffsetDateTime time ? time
        : expires instanceof String text ? OffsetDateTime.parse(text) : null;
    reservation.put("id", id).put("expires_at", expiresAt == null ? null : expiresAt.toInstant().toString());
    return Queries.status(conn, reservation.getString("account"), reservation.getString("month"),
        reservation.getString("currency")).map(status -> new Result(reservation, status, changes));
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
