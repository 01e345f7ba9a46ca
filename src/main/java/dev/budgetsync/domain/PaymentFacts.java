package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one event says about one payment: the Stripe ids that name it (linked into one
 * payment wherever any event names two of them together) and its {@link Fact}s, at the event's time.
 *
 * @param created the event's {@code created}, unix seconds: facts are ordered by it, never by arrival
 */
public record PaymentFacts(String eventId, long created, List<String> ids, List<Fact> facts) {

  /** The id under which the event's facts are found again: any of its ids would do; the first is kept. */
  public String anchor() {
    return ids.get(0);
  }

  /** The form kept in {@code stripe_event.facts}: the ids and the facts, the event's id and time being columns. */
  public JsonObject toJson() {
    JsonArray facts = new JsonArray();
    this.facts.forEach(fact -> facts.add(fact.toJson()));
    return new JsonObject().put("ids", new JsonArray(List.copyOf(ids))).put("facts", facts);
  }

  public static PaymentFacts fromJson(String eventId, long created, JsonObject json) {
    List<String> ids = new ArrayList<>();
    json.getJsonArray("ids").forEach(id -> ids.add((String) id));
    List<Fact> facts = new ArrayList<>();
    json.getJsonArray("facts").forEach(fact -> facts.add(Fact.fromJson((JsonObject) fact)));
    return new PaymentFacts(eventId, created, List.copyOf(ids), List.copyOf(facts));
  }
}
