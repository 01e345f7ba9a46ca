package dev.budgetsync.domain;

/**
 * Where an account hint comes from, most specific first: a payment belongs to the account that its
 * most specific hint names, whichever event carried it ({@code CONTRACT.md}, "A payment's account").
 * A refund's or dispute's own metadata is no source: they follow their payment.
 */
public enum AccountSource {
  CLIENT_REFERENCE_ID,
  SESSION_METADATA,
  PAYMENT_INTENT_METADATA,
  INVOICE_METADATA,
  SUBSCRIPTION_METADATA,
  CHARGE_METADATA
}
