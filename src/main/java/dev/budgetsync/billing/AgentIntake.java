package dev.budgetsync.billing;

import dev.budgetsync.bus.Requests;
import dev.budgetsync.domain.AgentOp;
import dev.budgetsync.domain.AgentResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The agent path's requests that write money or holds, as {@link AgentOp}s through their own group
 * commit: each answers with its own result, or fails with its own refusal.
 */
final class AgentIntake {
  private final GroupCommit<AgentOp, AgentResult> groupCommit;

  AgentIntake(GroupCommit<AgentOp, AgentResult> groupCommit) {
    this.groupCommit = groupCommit;
  }

  Future<JsonObject> addFunds(Requests.FundsRequest request) {
    return status(new AgentOp.TopUp(request.account(), request.amount(), request.currency(), request.note(),
        request.idempotencyKey()));
  }

  Future<JsonObject> spend(Requests.SpendRequest request) {
    return status(new AgentOp.Spend(request.account(), request.agent(), request.amount(), request.currency(),
        request.description(), request.idempotencyKey(), request.enforce()));
  }

  Future<JsonObject> reserve(Requests.ReserveRequest request) {
    return reservation(new AgentOp.Reserve(request.account(), request.agent(), request.amount(), request.currency(),
        request.ttlSeconds()));
  }

  Future<JsonObject> settle(Requests.SettleRequest request) {
    return reservation(new AgentOp.Settle(request.id(), request.amount()));
  }

  Future<JsonObject> release(Requests.ReleaseRequest request) {
    return reservation(new AgentOp.Release(request.id()));
  }

  /** The sweeper's turn: at most {@code limit} holds past their expiry given back. */
  Future<Void> expireDue(int limit) {
    return groupCommit.submit(new AgentOp.ExpireDue(limit)).mapEmpty();
  }

  private Future<JsonObject> status(AgentOp op) {
    return decided(op).map(result -> result.status().toJson());
  }

  /** The reservation, with the account's month after the change under {@code budget}. */
  private Future<JsonObject> reservation(AgentOp op) {
    return decided(op).map(result -> result.reservation().toJson().put("budget", result.status().toJson()));
  }

  private Future<AgentResult> decided(AgentOp op) {
    return groupCommit.submit(op).compose(result -> result.refusal() != null
        ? Future.failedFuture(result.refusal()) : Future.succeededFuture(result));
  }
}
