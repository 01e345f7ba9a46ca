package dev.budgetsync.domain;

import java.util.List;

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

  /**
   * {@code accounts}: the only accounts whose reservations the caller may settle, null for any;
   * {@code enforce}: the settled amount must fit in the hold and what remains besides it.
   */
  record Settle(String reservationId, long amount, List<String> accounts, boolean enforce) implements AgentOp {
  }

  /** {@code accounts}: the only accounts whose reservations the caller may release, null for any. */
  record Release(String reservationId, List<String> accounts) implements AgentOp {
  }

  /** The sweeper: gives back holds past their expiry, any account's, at most {@code limit} of them. */
  record ExpireDue(int limit) implements AgentOp {
  }
}
