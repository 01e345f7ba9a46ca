package dev.budgetsync.domain;

/**
 * A request the money rules refuse: nothing was written. The edges decide how each reason is
 * answered; the rules only say why.
 */
public final class Refusal extends RuntimeException {
  /** Why a request was refused. */
  public enum Reason {
    INSUFFICIENT_BUDGET,
    NOT_FOUND,
    IDEMPOTENCY_CONFLICT,
    NOT_REPROCESSABLE,
    RESERVATION_RELEASED,
    RESERVATION_SETTLED,
    UNKNOWN_CURSOR,
    TOO_LARGE
  }

  private final Reason reason;

  public Refusal(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
