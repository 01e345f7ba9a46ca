package dev.budgetsync.stripe;

/** A {@code Stripe-Signature} that is missing, malformed, stale or matches no secret. */
public final class InvalidSignatureException extends Exception {
  public InvalidSignatureException(String message) {
    super(message, null, false, false);
  }
}
