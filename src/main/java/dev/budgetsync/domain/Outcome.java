package dev.budgetsync.domain;

import java.util.Locale;

/** What became of one Stripe event, as stored and as answered to Stripe. */
public enum Outcome {
  CREDITED, DEBITED, LOGGED, SKIPPED, IGNORED, NEEDS_REVIEW, FAILED, DUPLICATE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
