package dev.budgetsync.domain;

import dev.budgetsync.money.Amounts;

/**
 * A request the money rules refuse: nothing was written. The edges decide how each reason is
 * answered; the rules only say why.
 */
public final class Refusal extends RuntimeException {
  /** Why a request was refused. */
  public enum Reason {
    INSUFFICIENT_BUDGET,
    FORBIDDEN,
    NOT_FOUND,
    IDEMPOTENCY_CONFLICT,
    NOT_REPROCESSABLE,
    RESERVATION_RELEASED,
    RESERVATION_SETTLED,
    UNKNOWN_CURSOR,
    TOO_LARGE,
    CURRENCY_MISMATCH
  }

  private final Reason reason;

  public Refusal(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** A write that would take a month's running total past {@link Amounts#MAX_TOTAL}. */
  public static Refusal pastMonthTotals() {
    return new Refusal(Reason.TOO_LARGE, "this would take the month's totals past " + Amounts.MAX_TOTAL
        + " (10^18) of the currency's smallest unit; nothing was written");
  }

  /**
   * Money in {@code currency} for a month whose budget row is kept in another (BUDGET_CURRENCY was
   * changed): never added to it.
   */
  public static Refusal currencyMismatch(String account, String month, String rowCurrency, String currency) {
    return new Refusal(Reason.CURRENCY_MISMATCH, "the budget of " + account + " for " + month + " is kept in "
        + rowCurrency + ", not " + currency + " (BUDGET_CURRENCY was changed): money in one currency is never added to"
        + " another's; nothing was written");
  }

  public Reason reason() {
    return reason;
  }
}
