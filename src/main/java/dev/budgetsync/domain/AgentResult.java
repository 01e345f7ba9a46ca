package dev.budgetsync.domain;

/**
 * One agent request's own result: the account's month right after it (in arrival order within its
 * batch), the reservation it made or changed, or the refusal that left everything as it was;
 * {@code moved} is the money this request itself recorded (0 for a replayed idempotency key).
 */
public record AgentResult(BudgetStatus status, Reservation reservation, Refusal refusal, long moved) {
  public static AgentResult refused(Refusal refusal) {
    return new AgentResult(null, null, refusal, 0);
  }
}
