package dev.budgetsync.store;

import dev.budgetsync.domain.Booked;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.LedgerDiff;
import dev.budgetsync.domain.LedgerEntry;
import dev.budgetsync.domain.LookupFacts;
import dev.budgetsync.domain.PaymentFacts;
import dev.budgetsync.domain.PaymentHistory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Books what new facts mean for their payments, inside the caller's transaction. A payment is the
 * set of Stripe ids that any event has named together ({@code payment_link}); its ledger is brought
 * to what the facts of all its events say ({@link PaymentHistory}, {@link LedgerDiff}). The payments'
 * locks are taken first, so two transactions that touch one payment, on any instance, are decided
 * one after the other and each sees the other's facts.
 */
final class PaymentGroups {
  private static final int LOCK_ROUNDS = 5;

  /**
   * The entries written; for each event, the account its payment belongs to now and the key of the
   * entry that holds its money (null when none does).
   */
  record Booking(List<LedgerEntry> entries, Map<String, String> accountOfEvent, Map<String, String> keyOfEvent) {
  }

  private PaymentGroups() {
  }

  static Future<Booking> book(SqlConnection conn, List<PaymentFacts> incoming, String defaultAccount, String currency,
                              Map<String, JsonObject> details) {
    if (incoming.isEmpty()) {
      return Future.succeededFuture(new Booking(List.of(), Map.of(), Map.of()));
    }
    List<String> ids = incoming.stream().flatMap(f -> f.ids().stream()).distinct().sorted().toList();
    return conn.preparedQuery(LedgerSql.LOCK_PAYMENTS).execute(Tuple.of((Object) ids.toArray(new String[0])))
        .compose(rows -> {
          Set<String> locked = new HashSet<>();
          rows.forEach(row -> locked.add(row.getString("g")));
          return resolve(conn, ids, locked, LOCK_ROUNDS);
        })
        .compose(paymentOf -> load(conn, paymentOf).compose(known -> {
          Plan plan = Plan.of(incoming, paymentOf, known, defaultAccount, currency, details);
          return write(conn, plan).map(v -> new Booking(plan.entries(), plan.accountOfEvent(), plan.keyOfEvent()));
        }));
  }

  /**
   * The payment of each id, read after the locks: a payment merged meanwhile by another transaction
   * is locked too before it is used (rarely needed; a deadlock that this may cause is retried).
   */
  private static Future<Map<String, String>> resolve(SqlConnection conn, List<String> ids, Set<String> locked,
                                                    int rounds) {
    return conn.preparedQuery(LedgerSql.PAYMENTS_OF).execute(Tuple.of((Object) ids.toArray(new String[0]))).compose(rows -> {
      Map<String, String> paymentOf = new HashMap<>();
      rows.forEach(row -> paymentOf.put(row.getString("key"), row.getString("payment")));
      TreeSet<String> missing = new TreeSet<>(paymentOf.values());
      missing.removeAll(locked);
      if (missing.isEmpty()) {
        return Future.succeededFuture(paymentOf);
      }
      if (rounds == 0) {
        return Future.failedFuture(new IllegalStateException("payments kept merging while they were locked"));
      }
      locked.addAll(missing);
      return conn.preparedQuery(LedgerSql.LOCK_PAYMENTS).execute(Tuple.of((Object) missing.toArray(new String[0])))
          .compose(v -> resolve(conn, ids, locked, rounds - 1));
    });
  }

  /** The facts and entries of the payments the ids already belong to: nothing to read for new ids. */
  private static Future<Known> load(SqlConnection conn, Map<String, String> paymentOf) {
    if (paymentOf.isEmpty()) {
      return Future.succeededFuture(new Known(Map.of(), Map.of()));
    }
    String[] payments = new TreeSet<>(paymentOf.values()).toArray(new String[0]);
    return conn.preparedQuery(LedgerSql.FACTS_OF_PAYMENTS).execute(Tuple.of((Object) payments)).compose(factRows -> {
      Map<String, List<PaymentFacts>> facts = new HashMap<>();
      for (Row row : factRows) {
        facts.computeIfAbsent(row.getString("payment"), p -> new ArrayList<>()).add(PaymentFacts.fromJson(
            row.getString("id"), row.getLong("created"), row.getJsonObject("facts")));
      }
      return conn.preparedQuery(LedgerSql.ENTRIES_OF_PAYMENTS).execute(Tuple.of((Object) payments)).map(entryRows -> {
        Map<String, List<Booked>> booked = new HashMap<>();
        for (Row row : entryRows) {
          long amount = row.getLong("amount");
          booked.computeIfAbsent(row.getString("payment"), p -> new ArrayList<>()).add(new Booked(row.getLong("id"),
              row.getString("slot"), row.getString("account"), row.getString("month"),
              EntryKind.fromWire(row.getString("kind")) == EntryKind.CREDIT ? amount : -amount,
              row.getString("source"), row.getString("money_key"), row.getString("object_id"),
              row.getString("charge_id")));
        }
        return new Known(facts, booked);
      });
    });
  }

  /** What is stored of payments that existed before this transaction, by payment. */
  record Known(Map<String, List<PaymentFacts>> facts, Map<String, List<Booked>> booked) {
  }

  private static Future<Void> write(SqlConnection conn, Plan plan) {
    Future<?> links = plan.links().isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(LedgerSql.LINK_IDS).execute(pairs(plan.links()));
    Future<?> merged = links.compose(v -> plan.merges().isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(LedgerSql.MERGE_PAYMENTS).execute(pairs(plan.merges())));
    return merged.compose(v -> Entries.insert(conn, plan.entries()));
  }

  /** Two array parameters: the keys, and the values in the same order. */
  private static Tuple pairs(Map<String, String> map) {
    return Tuple.tuple().addValue(map.keySet().toArray(new String[0])).addValue(map.values().toArray(new String[0]));
  }

  /** The decisions, made in memory once everything is read: links to write, payments merged, entries. */
  private record Plan(Map<String, String> links, Map<String, String> merges, List<LedgerEntry> entries,
                      Map<String, String> accountOfEvent, Map<String, String> keyOfEvent) {

    static Plan of(List<PaymentFacts> incoming, Map<String, String> paymentOf, Known known, String defaultAccount,
                   String currency, Map<String, JsonObject> details) {
      Payments payments = Payments.of(incoming, paymentOf);
      Map<String, String> links = new LinkedHashMap<>();
      Map<String, String> merges = new LinkedHashMap<>();
      List<LedgerEntry> entries = new ArrayList<>();
      Map<String, String> accountOfEvent = new HashMap<>();
      Map<String, String> keyOfEvent = new HashMap<>();
      for (Payments.Payment payment : payments.all()) {
        payment.ids().stream().filter(id -> !payment.name().equals(paymentOf.get(id)))
            .forEach(id -> links.put(id, payment.name()));
        payment.existing().stream().filter(old -> !old.equals(payment.name()))
            .forEach(old -> merges.put(old, payment.name()));
        Map<String, PaymentFacts> facts = new LinkedHashMap<>();
        payment.existing().forEach(old -> known.facts().getOrDefault(old, List.of())
            .forEach(f -> facts.put(f.eventId(), f)));
        payment.incoming().forEach(f -> facts.put(f.eventId(), f));
        List<Booked> booked = new ArrayList<>();
        payment.existing().forEach(old -> booked.addAll(known.booked().getOrDefault(old, List.of())));
        PaymentHistory.Desired desired = PaymentHistory.of(List.copyOf(facts.values()), defaultAccount);
        Set<String> fresh = new HashSet<>();
        payment.incoming().forEach(f -> fresh.add(f.eventId()));
        String firstFresh = payment.incoming().get(0).eventId();
        List<LedgerEntry> added = LedgerDiff.entries(desired, booked, currency,
            lineEvent -> eventNamed(lineEvent != null && fresh.contains(lineEvent) ? lineEvent : firstFresh),
            details::get);
        entries.addAll(added);
        for (PaymentFacts event : payment.incoming()) {
          accountOfEvent.put(event.eventId(), desired.account());
          String slot = PaymentHistory.slotOf(event);
          String key = firstKey(slot, booked, added);
          if (key != null) {
            keyOfEvent.put(event.eventId(), key);
          }
        }
      }
      return new Plan(links, merges, entries, accountOfEvent, keyOfEvent);
    }

    /** An entry names the event it is written for; one written for a lookup names none (it is no event). */
    private static String eventNamed(String factsId) {
      return LookupFacts.isLookup(factsId) ? null : factsId;
    }

    /** The key of the slot's first entry, booked before or now. */
    private static String firstKey(String slot, List<Booked> booked, List<LedgerEntry> added) {
      if (slot == null) {
        return null;
      }
      return booked.stream().filter(b -> b.slot().equals(slot)).min(Comparator.comparingLong(Booked::id))
          .map(Booked::moneyKey)
          .orElseGet(() -> added.stream().filter(e -> slot.equals(e.slot())).map(LedgerEntry::moneyKey).findFirst()
              .orElse(null));
    }
  }
}
