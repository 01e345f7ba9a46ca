package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.AgentBook;
import dev.budgetsync.domain.AgentOp;
import dev.budgetsync.domain.AgentResult;
import dev.budgetsync.domain.LedgerEntry;
import dev.budgetsync.domain.MonthRow;
import dev.budgetsync.domain.Refusal;
import dev.budgetsync.domain.Reservation;
import dev.budgetsync.money.Months;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * Writes a batch of agent requests (top-ups, spend, holds, settlements, releases, the sweep) in one
 * transaction: the batch's reservations and budget rows are locked in sorted order, holds past their
 * expiry are given back, the requests are decided in arrival order ({@link AgentBook}), and what they
 * decided is written with one statement per kind. Each request keeps its own result; a refusal is a
 * result, not a failure of the batch.
 */
public final class AgentLedger {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CONFLICT_RETRIES = 3;
  private final Pool pool;
  private final AccountSettings settings;
  private final Clock clock;

  public AgentLedger(Pool pool, AccountSettings settings, Clock clock) {
    this.pool = pool;
    this.settings = settings;
    this.clock = clock;
  }

  /** A concurrent batch wrote an idempotency key this one decided on: decide again, seeing it. */
  private static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super("an idempotency key was written by a concurrent batch", null, false, false);
    }
  }

  /**
   * A batch that fails on one request's data is written again a request at a time; a request that
   * fails alone (a sum beyond what a month can hold) is refused, and the others stand.
   */
  public Future<Written<AgentResult>> write(List<AgentOp> ops, long deadline) {
    return attempt(ops, CONFLICT_RETRIES, deadline).recover(error -> {
      if (!EventStore.isDataError(error)) {
        return Future.failedFuture(error);
      }
      return ops.size() > 1 ? writeEachAlone(ops, deadline) : Future.succeededFuture(new Written<>(List.of(
          AgentResult.refused(Refusal.pastMonthTotals())), List.of()));
    });
  }

  /**
   * Rolled back rather than committed past {@code deadline}: its callers were told {@code timeout},
   * and a hold or a spend without an Idempotency-Key written behind their backs would be paid again
   * by their retry (the database stalled, or a lock held outside the service).
   */
  private Future<Written<AgentResult>> attempt(List<AgentOp> ops, int retries, long deadline) {
    return Transactions.run(pool, conn -> decideAndWrite(conn, ops).compose(written -> System.nanoTime() - deadline > 0
            ? Future.<Written<AgentResult>>failedFuture(new TimeoutException(
                "the database answered after the request's timeout; nothing was written"))
            : Future.succeededFuture(written)))
        .recover(error -> retries > 0 && (error instanceof KeyTaken || EventStore.isConflict(error))
            ? attempt(ops, retries - 1, deadline) : Future.failedFuture(error));
  }

  /** One after another, in arrival order, so each still sees the ones before it. */
  private Future<Written<AgentResult>> writeEachAlone(List<AgentOp> ops, long deadline) {
    return InOrder.map(ops, op -> write(List.of(op), deadline)).map(Written::joined);
  }

  private Future<Written<AgentResult>> decideAndWrite(SqlConnection conn, List<AgentOp> ops) {
    String month = Months.of(clock.instant());
    BudgetDeltas deltas = new BudgetDeltas();
    ExpiredHolds expired = new ExpiredHolds(deltas);
    return sweep(conn, ops, expired)
        .compose(v -> reservations(conn, ops))
        .compose(reservations -> {
          TreeSet<List<String>> places = places(ops, reservations, month);
          return expireDue(conn, places, expired).compose(v -> rows(conn, places, expired))
              .compose(rows -> requests(conn, ops).map(requests -> new AgentBook(settings.alertThresholds(), month,
                  clock.instant(), AgentLedger::randomId, rows, expired.appliedTo(reservations), requests)
                  .decide(ops)));
        })
        .compose(decisions -> writeDecisions(conn, decisions, deltas)
            .compose(v -> deltas.flush(conn, settings.alertThresholds()))
            .map(changes -> new Written<>(decisions.results(), changes)));
  }

  /** The sweeper's requests release due holds of any account first, skipping those another batch holds. */
  private static Future<Void> sweep(SqlConnection conn, List<AgentOp> ops, ExpiredHolds expired) {
    int limit = ops.stream().filter(AgentOp.ExpireDue.class::isInstance)
        .mapToInt(op -> ((AgentOp.ExpireDue) op).limit()).sum();
    if (limit == 0) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(AgentSql.EXPIRE_DUE).execute(Tuple.of(limit)).map(rows -> {
      expired.add(rows);
      return null;
    });
  }

  private static Future<Map<String, Reservation>> reservations(SqlConnection conn, List<AgentOp> ops) {
    String[] ids = ops.stream().map(AgentLedger::reservationIdOf).filter(id -> id != null).distinct().sorted()
        .toArray(String[]::new);
    if (ids.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return conn.preparedQuery(AgentSql.RESERVATIONS_FOR_UPDATE).execute(Tuple.of((Object) ids)).map(rows -> {
      Map<String, Reservation> reservations = new HashMap<>();
      for (Row row : rows) {
        reservations.put(row.getString("id"), new Reservation(row.getString("id"), row.getString("account"),
            row.getString("month"), row.getString("agent"), row.getLong("amount"), row.getString("currency"),
            row.getString("status"), row.getOffsetDateTime("expires_at").toInstant(), row.getLong("settled_amount")));
      }
      return reservations;
    });
  }

  private static String reservationIdOf(AgentOp op) {
    if (op instanceof AgentOp.Settle settle) {
      return settle.reservationId();
    }
    return op instanceof AgentOp.Release release ? release.reservationId() : null;
  }

  /** Every account-month a request touches, sorted: the order in which rows are locked. */
  private static TreeSet<List<String>> places(List<AgentOp> ops, Map<String, Reservation> reservations, String month) {
    TreeSet<List<String>> places = new TreeSet<>((a, b) -> {
      int byAccount = a.get(0).compareTo(b.get(0));
      return byAccount != 0 ? byAccount : a.get(1).compareTo(b.get(1));
    });
    for (AgentOp op : ops) {
      if (op instanceof AgentOp.TopUp topUp) {
        places.add(List.of(topUp.account(), month));
      } else if (op instanceof AgentOp.Spend spend) {
        places.add(List.of(spend.account(), month));
      } else if (op instanceof AgentOp.Reserve reserve) {
        places.add(List.of(reserve.account(), month));
      } else if (reservationIdOf(op) != null && reservations.containsKey(reservationIdOf(op))) {
        Reservation reservation = reservations.get(reservationIdOf(op));
        places.add(List.of(reservation.account(), reservation.month()));
        places.add(List.of(reservation.account(), month));
      }
    }
    return places;
  }

  /** Gives back the holds of these months past their expiry. */
  private static Future<Void> expireDue(SqlConnection conn, TreeSet<List<String>> places, ExpiredHolds expired) {
    if (places.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(AgentSql.EXPIRE_DUE_OF_MONTHS).execute(columns(places)).map(rows -> {
      expired.add(rows);
      return null;
    });
  }

  private Future<Map<String, MonthRow>> rows(SqlConnection conn, TreeSet<List<String>> places,
                                                 ExpiredHolds expired) {
    if (places.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Tuple columns = columns(places);
    return conn.preparedQuery(LedgerSql.ENSURE_BUDGETS).execute(columns.addValue(settings.budgetCurrency()))
        .compose(v -> conn.preparedQuery(LedgerSql.BUDGETS_FOR_UPDATE).execute(columns(places))).map(rows -> {
          Map<String, MonthRow> byPlace = new HashMap<>();
          for (Row row : rows) {
            String key = AgentBook.key(row.getString("account"), row.getString("month"));
            byPlace.put(key, new MonthRow(row.getString("account"), row.getString("month"),
                row.getString("currency"), row.getLong("credited"), row.getLong("debited"), row.getLong("spent"),
                row.getLong("reserved") - expired.of(key),
                Arrays.asList(row.getArrayOfIntegers("alerts"))));
          }
          return byPlace;
        });
  }

  private static Tuple columns(TreeSet<List<String>> places) {
    return Tuple.tuple().addValue(places.stream().map(p -> p.get(0)).toArray(String[]::new))
        .addValue(places.stream().map(p -> p.get(1)).toArray(String[]::new));
  }

  /** The requests behind the idempotency keys the batch names that the ledger already holds. */
  private static Future<Map<String, JsonObject>> requests(SqlConnection conn, List<AgentOp> ops) {
    String[] keys = ops.stream().map(AgentLedger::moneyKeyOf).filter(key -> key != null).distinct()
        .toArray(String[]::new);
    if (keys.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return conn.preparedQuery(AgentSql.REQUESTS_OF_KEYS).execute(Tuple.of((Object) keys)).map(rows -> {
      Map<String, JsonObject> requests = new HashMap<>();
      rows.forEach(row -> requests.put(row.getString("money_key"),
          row.getValue("request") instanceof JsonObject request ? request : new JsonObject()));
      return requests;
    });
  }

  private static String moneyKeyOf(AgentOp op) {
    if (op instanceof AgentOp.TopUp topUp && topUp.idempotencyKey() != null) {
      return AgentBook.moneyKey("manual:", topUp.account(), topUp.idempotencyKey());
    }
    return op instanceof AgentOp.Spend spend && spend.idempotencyKey() != null
        ? AgentBook.moneyKey("spend:", spend.account(), spend.idempotencyKey()) : null;
  }

  private static Future<Void> writeDecisions(SqlConnection conn, AgentBook.Decisions decisions, BudgetDeltas deltas) {
    decisions.entries().forEach(deltas::add);
    decisions.holds().forEach(hold -> deltas.reserve(hold.account(), hold.month(), hold.currency(), hold.amount()));
    return insertEntries(conn, decisions.entries())
        .compose(v -> insertReservations(conn, decisions.held()))
        .compose(v -> closeReservations(conn, decisions.closed()));
  }

  private static Future<Void> insertEntries(SqlConnection conn, List<LedgerEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple columns = Tuple.tuple()
        .addValue(entries.stream().map(LedgerEntry::account).toArray(String[]::new))
        .addValue(entries.stream().map(LedgerEntry::month).toArray(String[]::new))
        .addValue(entries.stream().map(e -> e.kind().wire()).toArray(String[]::new))
        .addValue(entries.stream().map(LedgerEntry::amount).toArray(Long[]::new))
        .addValue(entries.stream().map(LedgerEntry::currency).toArray(String[]::new))
        .addValue(entries.stream().map(LedgerEntry::source).toArray(String[]::new))
        .addValue(entries.stream().map(LedgerEntry::moneyKey).toArray(String[]::new))
        .addValue(entries.stream().map(e -> e.metadata().encode()).toArray(String[]::new));
    return conn.preparedQuery(AgentSql.INSERT_MANUAL_ENTRIES).execute(columns).map(written -> {
      if (written.size() != entries.size()) {
        throw new KeyTaken();
      }
      return null;
    });
  }

  private static Future<Void> insertReservations(SqlConnection conn, List<Reservation> held) {
    if (held.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple columns = Tuple.tuple()
        .addValue(held.stream().map(Reservation::id).toArray(String[]::new))
        .addValue(held.stream().map(Reservation::account).toArray(String[]::new))
        .addValue(held.stream().map(Reservation::month).toArray(String[]::new))
        .addValue(held.stream().map(Reservation::agent).toArray(String[]::new))
        .addValue(held.stream().map(Reservation::amount).toArray(Long[]::new))
        .addValue(held.stream().map(Reservation::currency).toArray(String[]::new))
        .addValue(held.stream().map(Reservation::status).toArray(String[]::new))
        .addValue(held.stream().map(r -> OffsetDateTime.ofInstant(r.expiresAt(), ZoneOffset.UTC))
            .toArray(OffsetDateTime[]::new))
        .addValue(held.stream().map(Reservation::settledAmount).toArray(Long[]::new));
    return conn.preparedQuery(AgentSql.INSERT_RESERVATIONS).execute(columns).mapEmpty();
  }

  private static Future<Void> closeReservations(SqlConnection conn, List<Reservation> closed) {
    if (closed.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple columns = Tuple.tuple()
        .addValue(closed.stream().map(Reservation::id).toArray(String[]::new))
        .addValue(closed.stream().map(Reservation::status).toArray(String[]::new))
        .addValue(closed.stream().map(Reservation::settledAmount).toArray(Long[]::new));
    return conn.preparedQuery(AgentSql.CLOSE_RESERVATIONS).execute(columns).mapEmpty();
  }

  private static String randomId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
