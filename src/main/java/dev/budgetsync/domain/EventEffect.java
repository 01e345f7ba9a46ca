package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What an event means for the money, decided without the database: its intended outcome, the
 * ledger intents that would produce it, and the details worth keeping in the billing log.
 */
public record EventEffect(
    Outcome outcome, String reason, String account, Long amount, String currency,
    List<LedgerIntent> intents, JsonObject details) {

  public static EventEffect noMoney(Outcome outcome, String reason, String account, JsonObject details) {
    return new EventEffect(outcome, reason, account, null, null, List.of(), details);
  }
}
