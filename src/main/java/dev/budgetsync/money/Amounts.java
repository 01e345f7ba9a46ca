package dev.budgetsync.money;

/**
 * The bounds every amount and every total lives in, so that no sum of them can overflow a
 * {@code long} (or PostgreSQL's {@code bigint}) anywhere: an amount is at most {@link #MAX}
 * ($100 billion in cents), a month's credited, debited, spent or reserved total at most
 * {@link #MAX_TOTAL}; four totals of that size still fit a long with room to spare.
 */
public final class Amounts {
  /** 10^13 minor units: the largest amount one request or event may carry. */
  public static final long MAX = 10_000_000_000_000L;
  /** 10^18 minor units: the largest running total of one account's month (checked by the database). */
  public static final long MAX_TOTAL = 1_000_000_000_000_000_000L;

  private Amounts() {
  }
}
