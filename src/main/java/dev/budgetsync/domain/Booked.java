package dev.budgetsync.domain;

/** A Stripe entry already in the ledger, as a payment's history sees it: {@code signed} > 0 is money in. */
public record Booked(long id, String slot, String account, String month, long signed, String source,
                     String moneyKey, String objectId, String chargeId) {
}
