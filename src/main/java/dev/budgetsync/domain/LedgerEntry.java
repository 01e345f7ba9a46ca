package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

/**
 * A ledger row to write. {@code moneyKey} is unique in the ledger (null only for alerts): the
 * database refuses a second row for one key. Stripe entries also name their {@code slot} and the
 * Stripe id ({@code objectId}) through which their payment finds them again.
 */
public record LedgerEntry(String account, String month, EntryKind kind, long amount, String currency, String source,
                          String moneyKey, String chargeId, String eventId, JsonObject metadata, String slot,
                          String objectId) {

  /** A Stripe payment's money: a credit for {@code signed} > 0, a debit otherwise. */
  public static LedgerEntry stripe(String account, String month, long signed, String currency, String source,
                                   String moneyKey, String chargeId, String eventId, JsonObject metadata, String slot,
                                   String objectId) {
    return new LedgerEntry(account, month, signed > 0 ? EntryKind.CREDIT : EntryKind.DEBIT, Math.abs(signed),
        currency, source, moneyKey, chargeId, eventId, metadata, slot, objectId);
  }

  /** A manual top-up or agent spend, keyed by its idempotency key ({@code manual:...}, {@code spend:...}). */
  public static LedgerEntry manual(EntryKind kind, String account, String month, long amount, String currency,
                                   String source, String moneyKey, JsonObject metadata) {
    return new LedgerEntry(account, month, kind, amount, currency, source, moneyKey, null, null, metadata, null, null);
  }

  /** A threshold reached: {@code amount} is the spend that reached it; it moves no budget. */
  public static LedgerEntry alert(String account, String month, long spent, String currency, JsonObject metadata) {
    return new LedgerEntry(account, month, EntryKind.ALERT, spent, currency, "threshold", null, null, null, metadata,
        null, null);
  }
}
