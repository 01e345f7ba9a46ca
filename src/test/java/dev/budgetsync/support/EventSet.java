package dev.budgetsync.support;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Stripe events of several kinds with the money each one means, worked out here from how they were
 * built (not by the service's code): paid sessions and invoices credit their account, refunds debit
 * their session's account, subscription updates move nothing. Oldest first, a few seconds apart.
 */
public final class EventSet {
  /** One event, the account its money goes to, that money (negative for a debit), and its outcome. */
  public record Item(JsonObject event, String account, long money, String outcome) {
    public String id() {
      return event.getString("id");
    }
  }

  private final List<Item> items;

  private EventSet(List<Item> items) {
    this.items = items;
  }

  /**
   * {@code n} events ending a few seconds ago: of every 25, 15 paid sessions, 4 invoices, 3 refunds of
   * earlier sessions and 3 subscription updates, over five accounts named after {@code prefix}.
   */
  public static EventSet of(int n, String prefix) {
    long now = System.currentTimeMillis() / 1000;
    List<Item> items = new ArrayList<>();
    List<Item> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long created = now - 5L * (n - i);
      String account = prefix + "_" + i % 5;
      int slot = i % 25;
      if (slot < 15 || sessions.isEmpty()) {
        long amount = 1_000 + i;
        Item session = new Item(ApiSamples.paidSession(account, amount, created), account, amount, "credited");
        sessions.add(session);
        items.add(session);
      } else if (slot < 19) {
        long amount = 2_000 + i;
        items.add(new Item(ApiSamples.paidInvoice(account, amount, created), account, amount, "credited"));
      } else if (slot < 22) {
        Item paid = sessions.remove(0);
        long amount = 100 + i;
        items.add(new Item(ApiSamples.refundOf(paid.event(), amount, created), paid.account(), -amount, "debited"));
      } else {
        items.add(new Item(ApiSamples.subscriptionUpdated(created), null, 0, "logged"));
      }
    }
    return new EventSet(List.copyOf(items));
  }

  public List<Item> items() {
    return items;
  }

  public List<JsonObject> events() {
    return items.stream().map(Item::event).toList();
  }

  public List<Item> where(Predicate<Item> filter) {
    return items.stream().filter(filter).toList();
  }

  /** The money of {@code some} by account: what their events add to each account's budgets, all months together. */
  public static Map<String, Long> money(List<Item> some) {
    Map<String, Long> byAccount = new TreeMap<>();
    some.stream().filter(item -> item.account() != null && item.money() != 0)
        .forEach(item -> byAccount.merge(item.account(), item.money(), Long::sum));
    return byAccount;
  }

  /** What {@code app}'s budgets hold by account, all months together (credited less debited), as {@link #money}. */
  public static Map<String, Long> budgets(TestApp app) {
    Map<String, Long> budgets = new TreeMap<>();
    app.query("select account, sum(credited - debited)::bigint as total from budget_month group by account")
        .forEach(row -> {
          if (row.getLong("total") != 0) {
            budgets.put(row.getString("account"), row.getLong("total"));
          }
        });
    return budgets;
  }

  /** How many of {@code some} have each outcome. */
  public static Map<String, Integer> outcomes(List<Item> some) {
    Map<String, Integer> counts = new TreeMap<>();
    some.forEach(item -> counts.merge(item.outcome(), 1, Integer::sum));
    return counts;
  }
}
