package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

/**
 * What an event means, decided without the database: its planned outcome, what it says about its
 * payment ({@code facts}, null when nothing), and the details worth keeping in the billing log.
 * {@code account} and {@code amount} are what the event alone names; the ledger decides the rest.
 */
public record EventEffect(
    Outcome outcome, String reason, String account, Long amount, String currency, PaymentFacts facts,
    JsonObject details) {

  public static EventEffect noMoney(Outcome outcome, String reason, String account, JsonObject details) {
    return new EventEffect(outcome, reason, account, null, null, null, details);
  }
}
