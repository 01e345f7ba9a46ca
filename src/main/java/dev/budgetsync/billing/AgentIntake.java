package dev.budgetsync.billing;

import dev.budgetsync.bus.Requests;
import dev.budgetsync.domain.AgentOp;
import dev.budgetsync.domain.AgentResult;
import dev.budgetsync.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The agent path's requests that write money or holds, as {@link AgentOp}s through their own group
 * commit: each answers with its own result, or fails with its own refusal.
 */
final class AgentIntake {
  private final GroupCommit<AgentOp, AgentResult> groupCommit;
  private final ServiceMetrics metrics;

  AgentIntake(GroupCommit<AgentOp, AgentResult> groupCommit, ServiceMetrics metrics) {
    this.groupCommit = groupCommit;
    this.metrics = metrics;
  }

  Future<JsonObject> addFunds(Requests.FundsRequest request) {
    return decided(new AgentOp.TopUp(request.account(), request.amount(), request.currency(), request.note(),
        request.idempotencyKey())).map(result -> {
          metrics.toppedUp(request.currency(), result.moved());
          return result.status().toJson();
        });
  }

  Future<JsonObject> spend(Requests.SpendRequest request) {
    return decided(new AgentOp.Spend(request.account(), request.agent(), request.amount(), request.currency(),
        request.description(), request.idempotencyKey(), request.enforce())).map(result -> {
          metrics.agentSpent(request.currency(), result.moved());
          return result.status().toJson();
        });
  }

  Future<JsonObject> reserve(Requests.ReserveRequest request) {
    return reservation(new AgentOp.Reserve(request.account(), request.agent(), request.amount(), request.currency(),
        request.ttlSeconds()));
  }

  Future<JsonObject> settle(Requests.SettleRequest request) {
    return reservation(new AgentOp.Settle(request.id(), request.amount(), request.accounts(), request.enforce()));
  }

  Future<JsonObject> release(Requests.ReleaseRequest request) {
    return reservation(new AgentOp.Release(request.id(), request.accounts()));
  }

  /** The sweeper's turn: at most {@code limit} holds past their expiry given back. */
  Future<Void> expireDue(int limit) {
    return groupCommit.submit(new AgentOp.ExpireDue(limit)).mapEmpty();
  }

  /** The reservation, with the account's month after the change under {@code budget}. */
  private Future<JsonObject> reservation(AgentOp op) {
    return decided(op).map(result -> {
      metrics.agentSpent(result.reservation().currency(), result.moved());
      return result.reservation().toJson().put("budget", result.status().toJson());
    });
  }

  private Future<AgentResult> decided(AgentOp op) {
    return groupCommit.submit(op).compose(result -> result.refusal() != null
        ? Future.failedFuture(result.refusal()) : Future.succeededFuture(result));
  }
}
