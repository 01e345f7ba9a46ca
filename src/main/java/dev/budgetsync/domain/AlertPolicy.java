package dev.budgetsync.domain;

import java.math.BigInteger;
import java.util.List;

/**
 * Which utilization thresholds are reached: each fires once while reached and recovers when a
 * top-up brings utilization back under it, so it can fire again.
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
