package dev.budgetsync.domain;

/**
 * A request of the agent path that writes money or holds: decided in arrival order against the
 * budget rows as the batch finds them ({@link AgentBook}). {@code idempotencyKey} null for none.
 */
public sealed interface AgentOp {

  record TopUp(String account, long amount, String currency, String note, String idempotencyKey) implements AgentOp {
  }

  /** {@code enforce}: refused, recording nothing, when it does not fit in what remains. */
  record Spend(String account, String agent, long amount, String currency, String description,
               String idempotencyKey, boolean enforce) implements AgentOp {
  }

  record Reserve(String account, String agent, long amount, String currency, long ttlSeconds) implements AgentOp {
  }

  record Settle(String reservationId, long amount) implements AgentOp {
  }

  record Release(String reservationId) implements AgentOp {
  }

  /** The sweeper: gives back holds past their expiry, any account's, at most {@code limit} of them. */
  record ExpireDue(int limit) implements AgentOp {
  }
}
