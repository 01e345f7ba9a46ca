package dev.budgetsync.domain;

import dev.budgetsync.money.MoneyFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** A Stripe event as the history shows it: what it was and what became of it. */
public record StoredEvent(String id, String type, String outcome, String reason, String account, Long amount,
                          String currency, Long created, Instant receivedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id).put("type", type).put("outcome", outcome).put("reason", reason)
        .put("account", account).put("amount", amount).put("currency", currency)
        .put("display", amount == null || currency == null ? null : MoneyFormat.display(amount, currency))
        .put("created", created)
        .put("received_at", receivedAt.toString());
  }
}
