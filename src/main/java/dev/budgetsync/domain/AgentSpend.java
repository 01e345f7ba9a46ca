package dev.budgetsync.domain;

import dev.budgetsync.money.MoneyFormat;
import io.vertx.core.json.JsonObject;

/** One agent's spend in an account's month: the total and the number of entries. */
public record AgentSpend(String agent, long spent, long entries, String currency) {

  public JsonObject toJson() {
    return new JsonObject().put("agent", agent).put("spent", spent).put("entries", entries)
        .put("currency", currency).put("display", MoneyFormat.display(spent, currency));
  }
}
