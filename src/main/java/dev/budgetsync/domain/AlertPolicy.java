package dev.budgetsync.domain;

import java.math.BigInteger;
import java.util.List;

/**
 * Which utilization thresholds are reached: each fires once while reached and recovers when a
 * top-up brings utilization back under it, so it can fire again. Utilization is spent over budget:
 * holds taken and released never move it. Exhaustion follows the same "once" rule on remaining.
 */
public final class AlertPolicy {
  private AlertPolicy() {
  }

  /** The thresholds now active, and which of them changed against {@code active}. */
  public record Change(List<Integer> active, List<Integer> fired, List<Integer> recovered) {
    public boolean isEmpty() {
      return fired.isEmpty() && recovered.isEmpty();
    }
  }

  /**
   * A row's exhaustion after a change.
   *
   * @param exhausted whether {@code budget.exhausted} has fired and no credit has lifted remaining above 0 since
   * @param fired     whether it fires now
   */
  public record Exhaustion(boolean exhausted, boolean fired) {
  }

  /**
   * {@code budget.exhausted} fires when remaining goes from above 0 to 0 or below, once: a hold
   * released and taken again crosses again, but only a change that added to the budget and left
   * remaining above 0 lets it fire again.
   *
   * @param budgetChange how much the change added to the budget (credits less debits)
   */
  public static Exhaustion exhaustion(boolean wasExhausted, long remainingBefore, long remaining, long budgetChange) {
    if (wasExhausted) {
      return new Exhaustion(budgetChange <= 0 || remaining <= 0, false);
    }
    boolean fired = remainingBefore > 0 && remaining <= 0;
    return new Exhaustion(fired, fired);
  }

  public static Change evaluate(List<Integer> thresholds, List<Integer> active, long spent, long budget) {
    List<Integer> reached = thresholds.stream().filter(t -> reached(t, spent, budget)).toList();
    List<Integer> fired = reached.stream().filter(t -> !active.contains(t)).toList();
    List<Integer> recovered = active.stream().filter(t -> !reached.contains(t)).sorted().toList();
    return new Change(reached, fired, recovered);
  }

  /** spent / budget >= threshold%, in exact integers. With no budget, any spend reaches every threshold. */
  static boolean reached(int thresholdPercent, long spent, long budget) {
    if (budget <= 0) {
      return spent > 0;
    }
    return BigInteger.valueOf(spent).multiply(BigInteger.valueOf(100))
        .compareTo(BigInteger.valueOf(budget).multiply(BigInteger.valueOf(thresholdPercent))) >= 0;
  }
}
