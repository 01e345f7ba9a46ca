package dev.budgetsync.domain;

/** A signed event whose content cannot be processed: stored as {@code failed}, never retried by Stripe. */
public final class PoisonEventException extends RuntimeException {
  public PoisonEventException(String message) {
    super(message, null, false, false);
  }
}
