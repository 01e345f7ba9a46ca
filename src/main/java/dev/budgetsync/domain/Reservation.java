package dev.budgetsync.domain;

import dev.budgetsync.money.MoneyFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** Budget held for work in progress; {@code status} is held, settled, released or expired. */
public record Reservation(String id, String account, String month, String agent, long amount, String currency,
                          String status, Instant expiresAt, Long settledAmount) {

  public Reservation withStatus(String newStatus, Long settled) {
    return new Reservation(id, account, month, agent, amount, currency, newStatus, expiresAt, settled);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id).put("account", account).put("month", month).put("agent", agent)
        .put("amount", amount).put("currency", currency).put("status", status)
        .put("expires_at", expiresAt.toString()).put("settled_amount", settledAmount);
  }

  /** As {@link #toJson()}, with the amount formatted for people, for the dashboard's list of holds. */
  public JsonObject toDisplayJson() {
    return toJson().put("display", MoneyFormat.display(amount, currency));
  }
}
