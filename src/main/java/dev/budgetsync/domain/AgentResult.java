package dev.budgetsync.domain;

/**
 * One agent request's own result: the account's month right after it (in arrival order within its
 * batch), the reservation it made or changed, or the refusal that left everything as it was.
 */
public record AgentResult(BudgetStatus status, Reservation reservation, Refusal refusal) {
  public static AgentResult refused(Refusal refusal) {
    return new AgentResult(null, null, refusal);
  }
}
