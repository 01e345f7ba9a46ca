package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

/** What was committed for one event: the webhook's answer and the history's row. */
public record EventResult(String eventId, Outcome outcome, String reason, String account, Long amount, String currency) {

  public static EventResult duplicate(String eventId) {
    return new EventResult(eventId, Outcome.DUPLICATE, null, null, null, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", eventId).put("outcome", outcome.wire());
    if (reason != null) {
      json.put("reason", reason);
    }
    if (account != null) {
      json.put("account", account);
    }
    if (amount != null) {
      json.put("amount", amount).put("currency", currency);
    }
    return json;
  }
}
