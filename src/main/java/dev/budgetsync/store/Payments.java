package dev.budgetsync.store;

import dev.budgetsync.domain.PaymentFacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which payments a batch's facts belong to: ids named together are one payment, and so are the stored
 * payments that any of them already belonged to. Each payment keeps the name of its oldest stored
 * part (the smallest, when several merge), else its smallest id.
 */
final class Payments {
  /** One payment of the batch: its name, its ids, the stored payments it absorbs, the batch's facts about it. */
  record Payment(String name, TreeSet<String> ids, TreeSet<String> existing, List<PaymentFacts> incoming) {
  }

  private final Map<String, String> parent = new HashMap<>();
  private final List<PaymentFacts> incoming;
  private final Map<String, String> paymentOf;

  private Payments(List<PaymentFacts> incoming, Map<String, String> paymentOf) {
    this.incoming = incoming;
    this.paymentOf = paymentOf;
  }

  /** @param paymentOf the stored payment of each id that has one */
  static Payments of(List<PaymentFacts> incoming, Map<String, String> paymentOf) {
    Payments payments = new Payments(incoming, paymentOf);
    for (PaymentFacts facts : incoming) {
      String first = payments.node(facts.ids().get(0));
      facts.ids().forEach(id -> payments.union(first, payments.node(id)));
    }
    return payments;
  }

  /** The node of an id: the stored payment it belongs to, else the id itself. */
  private String node(String id) {
    String node = paymentOf.getOrDefault(id, id);
    parent.putIfAbsent(node, node);
    return node;
  }

  private String find(String node) {
    String root = node;
    while (!parent.get(root).equals(root)) {
      root = parent.get(root);
    }
    parent.put(node, root);
    return root;
  }

  private void union(String a, String b) {
    String rootA = find(a);
    String rootB = find(b);
    if (!rootA.equals(rootB)) {
      parent.put(rootB, rootA);
    }
  }

  /** Every payment, in the order its first fact came in the batch. */
  Collection<Payment> all() {
    Map<String, List<PaymentFacts>> factsByRoot = new LinkedHashMap<>();
    Map<String, TreeSet<String>> ids = new HashMap<>();
    Map<String, TreeSet<String>> existing = new HashMap<>();
    for (PaymentFacts facts : incoming) {
      String root = find(node(facts.ids().get(0)));
      factsByRoot.computeIfAbsent(root, r -> new ArrayList<>()).add(facts);
      for (String id : facts.ids()) {
        ids.computeIfAbsent(root, r -> new TreeSet<>()).add(id);
        String stored = paymentOf.get(id);
        if (stored != null) {
          existing.computeIfAbsent(root, r -> new TreeSet<>()).add(stored);
        }
      }
    }
    List<Payment> payments = new ArrayList<>();
    factsByRoot.forEach((root, facts) -> {
      TreeSet<String> stored = existing.getOrDefault(root, new TreeSet<>());
      TreeSet<String> named = ids.get(root);
      String name = stored.isEmpty() ? named.first() : stored.first();
      payments.add(new Payment(name, named, stored, facts));
    });
    return payments;
  }
}
