package dev.budgetsync.stripe;

/** A {@code Stripe-Signature} that is missing, malformed, stale or matches no secret. */
public final class InvalidSignatureException extends Exception {
  /** Which of those, as a small fixed set: it tags the signature-failure metric. */
  public enum Reason { MISSING, MALFORMED, STALE, MISMATCH }

  private final Reason reason;

  public InvalidSignatureException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
