package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The entries that bring a payment's ledger to what its history says, slot by slot and month by month:
 * nothing when it already holds it, a reversal and a new entry when the account changed, a give-back
 * when a refund failed. Entries are never changed; each correction is a new entry with a key of its
 * own: the slot's first key, then {@code <first key>#<n>} for the n-th entry of the slot.
 */
public final class LedgerDiff {
  private LedgerDiff() {
  }

  /**
   * @param attribute the event each new entry is written for: given the event of the line it follows
   *                  (null for a reversal), the event to name
   * @param details   each named event's details, kept as the entry's metadata
   */
  public static List<LedgerEntry> entries(PaymentHistory.Desired desired, List<Booked> booked, String currency,
                                          Function<String, String> attribute, Function<String, JsonObject> details) {
    Map<String, List<PaymentHistory.Line>> lines = new TreeMap<>(PaymentHistory.groupBy(desired.lines(),
        PaymentHistory.Line::slot));
    Map<String, List<Booked>> have = PaymentHistory.groupBy(booked, Booked::slot);
    TreeSet<String> slots = new TreeSet<>(lines.keySet());
    slots.addAll(have.keySet());
    List<LedgerEntry> entries = new ArrayList<>();
    for (String slot : slots) {
      entries.addAll(slot(slot, desired.account(), lines.getOrDefault(slot, List.of()),
          have.getOrDefault(slot, List.of()), currency, attribute, details));
    }
    return entries;
  }

  private static List<LedgerEntry> slot(String slot, String account, List<PaymentHistory.Line> lines,
                                        List<Booked> booked, String currency, Function<String, String> attribute,
                                        Function<String, JsonObject> details) {
    Map<Place, Long> want = new TreeMap<>();
    lines.forEach(line -> want.merge(new Place(account, line.month()), line.signed(), Long::sum));
    Map<Place, Long> held = new TreeMap<>();
    booked.forEach(entry -> held.merge(new Place(entry.account(), entry.month()), entry.signed(), Long::sum));
    TreeSet<Place> places = new TreeSet<>(want.keySet());
    places.addAll(held.keySet());

    Booked first = booked.stream().min(Comparator.comparingLong(Booked::id)).orElse(null);
    String firstKey = first != null ? first.moneyKey() : naturalKey(slot, lines);
    String objectId = first != null ? first.objectId() : lines.get(0).objectId();
    String chargeId = first != null ? first.chargeId() : lines.get(0).chargeId();
    String baseSource = first != null ? first.source() : lines.get(0).source();
    int count = booked.size();
    List<LedgerEntry> entries = new ArrayList<>();
    for (Place place : places) {
      long delta = Math.subtractExact(want.getOrDefault(place, 0L), held.getOrDefault(place, 0L));
      if (delta == 0) {
        continue;
      }
      boolean here = place.account().equals(account);
      PaymentHistory.Line line = lines.stream()
          .filter(l -> here && l.month().equals(place.month()) && Long.signum(l.signed()) == Long.signum(delta))
          .findFirst().orElse(null);
      String source = line != null ? line.source() : baseSource + (here ? "_corrected" : "_moved");
      String eventId = attribute.apply(line == null ? null : line.eventId());
      count++;
      String moneyKey = count == 1 ? firstKey : firstKey + "#" + count;
      JsonObject metadata = Objects.requireNonNullElseGet(details.apply(eventId), JsonObject::new).copy()
          .put("slot", slot);
      entries.add(LedgerEntry.stripe(place.account(), place.month(), delta, currency, source, moneyKey, chargeId,
          eventId, metadata, slot, objectId));
    }
    return entries;
  }

  /** An account's month. */
  private record Place(String account, String month) implements Comparable<Place> {
    @Override
    public int compareTo(Place other) {
      int byAccount = account.compareTo(other.account);
      return byAccount != 0 ? byAccount : month.compareTo(other.month);
    }
  }

  /**
   * The key of a slot's first entry: the slot, which names its Stripe money object and what it is
   * ({@code refund:re_...}), so two kinds of object that share an id never share a key; a payment's
   * slot names the carrier that booked it first ({@code payment:pi_...}).
   */
  private static String naturalKey(String slot, List<PaymentHistory.Line> lines) {
    return slot.equals("payment") ? "payment:" + lines.get(0).objectId() : slot;
  }
}
