package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A money movement that an event asks for, before the ledger decides whether it already happened.
 *
 * @param moneyKey  the unique key of the Stripe money object (cs_/in_/pi_/re_/du_ id): the
 *                  database moves money at most once per key
 * @param aliasKeys other ids of the same money object (a session's PaymentIntent and invoice), so
 *                  a later event naming any of them moves nothing
 * @param chargeId  the charge a refund or dispute belongs to, or null
 * @param cumulative for a refund: {@code amount} is the charge's cumulative {@code amount_refunded},
 *                  of which only what was not debited yet moves
 */
public record LedgerIntent(
    EntryKind kind,
    AccountRef account,
    String month,
    long amount,
    String currency,
    String source,
    String moneyKey,
    List<String> aliasKeys,
    String chargeId,
    JsonObject metadata,
    boolean cumulative) {

  /** A refund of a charge, debited by the ledger up to what the charge's refunds add up to. */
  public boolean isChargeRefund() {
    return kind == EntryKind.DEBIT && "refund".equals(source) && chargeId != null;
  }

  /** Every key that names this money object, {@code moneyKey} first. */
  public List<String> allKeys() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(moneyKey), aliasKeys.stream())
        .distinct().toList();
  }
}
