package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides a batch of agent requests in arrival order against the budget rows as the batch's
 * transaction found them (locked): each spend, hold or settlement sees the ones before it, so holds
 * never exceed what remains and an enforced spend never takes the budget below zero, however many
 * requests share the batch. Pure: the store reads the rows and writes what this returns.
 */
public final class AgentBook {
  private final List<Integer> thresholds;
  private final String month;
  private final Instant now;
  private final Supplier<String> randomIds;
  private final Map<String, MonthRow> rows;
  private final Map<String, Reservation> reservations;
  private final Map<String, JsonObject> requestsByKey;
  private final List<LedgerEntry> entries = new ArrayList<>();
  private final List<Reservation> held = new ArrayList<>();
  private final Map<String, Reservation> closed = new LinkedHashMap<>();
  private final List<Hold> holds = new ArrayList<>();

  /** A hold taken (positive) or given back (negative) on an account's month. */
  public record Hold(String account, String month, String currency, long amount) {
  }

  /** What the batch decided: each request's result, and what to write. */
  public record Decisions(List<AgentResult> results, List<LedgerEntry> entries, List<Reservation> held,
                          List<Reservation> closed, List<Hold> holds) {
  }

  /**
   * @param randomIds     new random ids: for reservations, and for requests without an idempotency key
   * @param rows          the locked rows, by {@link #key(String, String)}, one for every month a request touches
   * @param reservations  the locked reservations the requests name, by id
   * @param requestsByKey for each idempotency money key already in the ledger, the request that wrote it
   */
  public AgentBook(List<Integer> thresholds, String month, Instant now, Supplier<String> randomIds,
                   Map<String, MonthRow> rows, Map<String, Reservation> reservations, Map<String, JsonObject> requestsByKey) {
    this.thresholds = thresholds;
    this.month = month;
    this.now = now;
    this.randomIds = randomIds;
    this.rows = rows;
    this.reservations = new HashMap<>(reservations);
    this.requestsByKey = new HashMap<>(requestsByKey);
  }

  public static String key(String account, String month) {
    return account + '\u0000' + month;
  }

  public Decisions decide(List<AgentOp> ops) {
    List<AgentResult> results = new ArrayList<>();
    for (AgentOp op : ops) {
      try {
        results.add(apply(op));
      } catch (Refusal refusal) {
        results.add(AgentResult.refused(refusal));
      } catch (ArithmeticException overflow) {
        results.add(AgentResult.refused(Refusal.pastMonthTotals()));
      }
    }
    return new Decisions(results, entries, held, List.copyOf(closed.values()), holds);
  }

  private AgentResult apply(AgentOp op) {
    if (op instanceof AgentOp.TopUp topUp) {
      JsonObject request = new JsonObject().put("account", topUp.account()).put("amount", topUp.amount())
          .put("currency", topUp.currency()).put("note", topUp.note());
      return record(EntryKind.CREDIT, "manual", "manual:", topUp.idempotencyKey(), topUp.account(), topUp.amount(),
          topUp.currency(), new JsonObject().put("note", topUp.note()), request, false);
    }
    if (op instanceof AgentOp.Spend spend) {
      JsonObject request = new JsonObject().put("account", spend.account()).put("agent", spend.agent())
          .put("amount", spend.amount()).put("currency", spend.currency()).put("description", spend.description());
      return record(EntryKind.SPEND, "agent:" + spend.agent(), "spend:", spend.idempotencyKey(), spend.account(),
          spend.amount(), spend.currency(),
          new JsonObject().put("agent", spend.agent()).put("description", spend.description()), request,
          spend.enforce());
    }
    if (op instanceof AgentOp.Reserve reserve) {
      return reserve(reserve);
    }
    if (op instanceof AgentOp.Settle settle) {
      return settle(settle);
    }
    if (op instanceof AgentOp.Release release) {
      return release(release);
    }
    // The sweep itself is the store's: due holds are given back before the batch is decided.
    return new AgentResult(null, null, null, 0);
  }

  /** This month's row of {@code account}, refused when it is kept in another currency than {@code currency}. */
  private MonthRow rowIn(String account, String currency) {
    MonthRow row = row(account, month);
    if (!row.currency.equals(currency)) {
      throw Refusal.currencyMismatch(account, month, row.currency, currency);
    }
    return row;
  }

  /** A top-up or a spend, once per idempotency key; a key used for another request is refused. */
  /**
   * The ledger key of a request with an {@code Idempotency-Key}: scoped to its account, so one tenant's key
   * can neither block another's request nor tell whether another used it. An account holds no '/', so
   * the account and the key cannot run into each other.
   */
  public static String moneyKey(String prefix, String account, String idempotencyKey) {
    return prefix + account + "/" + idempotencyKey;
  }

  private AgentResult record(EntryKind kind, String source, String prefix, String idempotencyKey, String account,
                             long amount, String currency, JsonObject metadata, JsonObject request, boolean enforce) {
    MonthRow row = rowIn(account, currency);
    String key = idempotencyKey == null ? prefix + randomIds.get() : moneyKey(prefix, account, idempotencyKey);
    JsonObject before = requestsByKey.get(key);
    if (before != null) {
      if (!Objects.equals(before, request)) {
        throw new Refusal(Refusal.Reason.IDEMPOTENCY_CONFLICT, "this Idempotency-Key was used for a different request");
      }
      return new AgentResult(status(row), null, null, 0);
    }
    if (enforce && amount > row.remaining()) {
      throw new Refusal(Refusal.Reason.INSUFFICIENT_BUDGET, "the amount does not fit in the remaining budget");
    }
    long spent = kind == EntryKind.SPEND ? Math.addExact(row.spent, amount) : row.spent;
    long credited = kind == EntryKind.CREDIT ? Math.addExact(row.credited, amount) : row.credited;
    requestsByKey.put(key, request);
    entries.add(LedgerEntry.manual(kind, account, month, amount, currency, source, key,
        metadata.put("idempotency_key", key.substring(prefix.length())).put("request", request)));
    row.spent = spent;
    row.credited = credited;
    return new AgentResult(status(row), null, null, amount);
  }

  private AgentResult reserve(AgentOp.Reserve reserve) {
    MonthRow row = rowIn(reserve.account(), reserve.currency());
    if (reserve.amount() > row.remaining()) {
      throw new Refusal(Refusal.Reason.INSUFFICIENT_BUDGET, "the amount does not fit in the remaining budget");
    }
    row.reserved = Math.addExact(row.reserved, reserve.amount());
    // PostgreSQL keeps microseconds: the answer shows the time as it is stored.
    Instant expiresAt = now.plusSeconds(reserve.ttlSeconds()).truncatedTo(ChronoUnit.MICROS);
    Reservation reservation = new Reservation("res_" + randomIds.get(), reserve.account(), month,
        reserve.agent(), reserve.amount(), reserve.currency(), "held", expiresAt, null);
    held.add(reservation);
    holds.add(new Hold(reserve.account(), month, reserve.currency(), reserve.amount()));
    return new AgentResult(status(row), reservation, null, 0);
  }

  /** Records the amount as spend and gives the hold back; settling twice records once. */
  private AgentResult settle(AgentOp.Settle settle) {
    Reservation reservation = reservation(settle.reservationId(), settle.accounts());
    switch (reservation.status()) {
      case "released" -> throw new Refusal(Refusal.Reason.RESERVATION_RELEASED,
          "this reservation was released; record spend instead");
      case "settled" -> {
        return new AgentResult(status(row(reservation.account(), reservation.month())), reservation, null, 0);
      }
      default -> {
        MonthRow spentIn = row(reservation.account(), month);
        // The hold counts toward what the settlement may use only while it still holds this month's budget.
        long held = reservation.status().equals("held") && reservation.month().equals(month) ? reservation.amount() : 0;
        if (settle.enforce() && settle.amount() > held + spentIn.remaining()) {
          throw new Refusal(Refusal.Reason.INSUFFICIENT_BUDGET,
              "the amount does not fit in the hold and the remaining budget");
        }
        long spent = Math.addExact(spentIn.spent, settle.amount());
        giveBack(reservation);
        if (settle.amount() > 0) {
          entries.add(LedgerEntry.manual(EntryKind.SPEND, reservation.account(), month, settle.amount(),
              reservation.currency(), "agent:" + reservation.agent(), "reservation:" + reservation.id(),
              new JsonObject().put("agent", reservation.agent()).put("reservation", reservation.id())
                  .put("held", reservation.amount())));
          spentIn.spent = spent;
        }
        Reservation settled = close(reservation, "settled", settle.amount());
        return new AgentResult(status(row(reservation.account(), reservation.month())), settled, null,
            settle.amount());
      }
    }
  }

  /** Gives the hold back; releasing twice, or releasing an expired reservation, changes nothing. */
  private AgentResult release(AgentOp.Release release) {
    Reservation reservation = reservation(release.reservationId(), release.accounts());
    if (reservation.status().equals("settled")) {
      throw new Refusal(Refusal.Reason.RESERVATION_SETTLED, "this reservation was settled");
    }
    Reservation result = reservation;
    if (reservation.status().equals("held")) {
      giveBack(reservation);
      result = close(reservation, "released", null);
    }
    return new AgentResult(status(row(reservation.account(), reservation.month())), result, null, 0);
  }

  private void giveBack(Reservation reservation) {
    if (reservation.status().equals("held")) {
      MonthRow row = row(reservation.account(), reservation.month());
      row.reserved -= reservation.amount();
      holds.add(new Hold(reservation.account(), reservation.month(), reservation.currency(), -reservation.amount()));
    }
  }

  private Reservation close(Reservation reservation, String status, Long settled) {
    Reservation changed = reservation.withStatus(status, settled);
    reservations.put(changed.id(), changed);
    // A hold made in this very batch is written with its final status; an older one is updated.
    if (held.removeIf(h -> h.id().equals(changed.id()))) {
      held.add(changed);
    } else {
      closed.put(changed.id(), changed);
    }
    return changed;
  }

  /** The reservation {@code id}, when it is one of {@code accounts} (null for any account). */
  private Reservation reservation(String id, List<String> accounts) {
    Reservation reservation = reservations.get(id);
    if (reservation == null) {
      reservation = held.stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
    }
    if (reservation == null) {
      throw new Refusal(Refusal.Reason.NOT_FOUND, "no reservation has this id");
    }
    if (accounts != null && !accounts.contains(reservation.account())) {
      throw new Refusal(Refusal.Reason.FORBIDDEN, "this key may not act on the reservation's account");
    }
    return reservation;
  }

  private MonthRow row(String account, String rowMonth) {
    MonthRow row = rows.get(key(account, rowMonth));
    if (row == null) {
      throw new IllegalStateException("no row was read for " + account + " " + rowMonth);
    }
    return row;
  }

  private BudgetStatus status(MonthRow row) {
    long budget = row.credited - row.debited;
    List<Integer> active = AlertPolicy.evaluate(thresholds, row.alerts, row.spent, budget).active();
    return new BudgetStatus(row.account, row.month, row.currency, budget, row.spent, row.reserved, active);
  }
}
