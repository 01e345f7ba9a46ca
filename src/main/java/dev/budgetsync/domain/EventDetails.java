package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static dev.budgetsync.domain.StripeFields.path;
import static dev.budgetsync.domain.StripeFields.string;

/**
 * Searchable facts about an event for the billing log ({@code stripe_event.details}), next to its exact
 * bytes. Text from the event is kept printable: PostgreSQL's jsonb takes no U+0000.
 */
final class EventDetails {
  private EventDetails() {
  }

  static JsonObject of(StripeEvent event) {
    JsonObject object = event.object();
    JsonObject details = new JsonObject().put("event_id", event.id()).put("event_type", event.type());
    put(details, "object_id", idText(object, "id"));
    put(details, "customer", idText(object, "customer"));
    put(details, "customer_email", firstNonNull(string(object, "customer_email"),
        string(path(object, "customer_details"), "email")));
    put(details, "status", string(object, "status"));
    put(details, "subscription", firstNonNull(idText(object, "subscription"),
        string(path(object, "parent", "subscription_details"), "subscription")));
    put(details, "plan", firstNonNull(string(path(object, "plan"), "id"), planOfItems(object)));
    for (String field : List.of("amount", "amount_total", "amount_paid", "amount_due", "amount_refunded")) {
      if (object.getValue(field) instanceof Number n) {
        details.put(field, n);
      }
    }
    put(details, "currency", string(object, "currency"));
    JsonObject previous = path(event.json(), "data", "previous_attributes");
    if (previous != null) {
      details.put("previous_attributes", Texts.printable(previous));
    }
    return details;
  }

  /** An id as text, whether sent as a string or expanded; never refused: the log describes, it does not decide. */
  private static String idText(JsonObject object, String field) {
    Object value = object.getValue(field);
    return value instanceof JsonObject expanded ? string(expanded, "id") : value instanceof String s ? s : null;
  }

  private static String planOfItems(JsonObject object) {
    JsonObject items = path(object, "items");
    JsonArray data = items == null || !(items.getValue("data") instanceof JsonArray array) ? null : array;
    if (data == null || data.isEmpty() || !(data.getValue(0) instanceof JsonObject first)) {
      return null;
    }
    return firstNonNull(string(path(first, "price"), "id"), string(path(first, "plan"), "id"));
  }

  private static void put(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, Texts.printable(value));
    }
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
