package dev.budgetsync.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent path's load, sent by this JVM's client: reserve-then-settle cycles on one account
 * (each cycle needs the id its reservation answered, so wrk cannot send it), and the budget check
 * at a fixed rate. Spends are sent by wrk ({@link WrkLoad#spend}).
 */
final class AgentLoad {
  /** A hold of this much, settled for half of it: every cycle writes a hold, a spend and a release. */
  static final long HOLD = 1000;
  /** Funds put on the account before the cycles, far more than any run holds and settles. */
  private static final long FUNDS = 1_000_000_000_000L;

  private final HttpLoad http;
  private final String token;

  AgentLoad(HttpLoad http, String token) {
    this.http = http;
    this.token = token;
  }

  /** Credits {@code account} with more than any phase spends, once per {@code key}. */
  void fund(String account, String key) {
    HttpLoad.Reply reply = http.admin(HttpMethod.POST, "/api/budget/funds", token,
        new JsonObject().put("account", account).put("amount", FUNDS).put("note", "bench").encode(), key).await();
    if (reply.status() != 200) {
      throw new IllegalStateException("top-up of " + account + " answered " + reply.status() + ": " + reply.body());
    }
  }

  /**
   * Cycles for {@code seconds} at concurrency {@code c}: {@code POST /api/budget/reservations} (201
   * with the id), then {@code POST .../settle} (200, {@code "status":"settled"}). A cycle counts as
   * acknowledged when both answered so; the ids of those go to {@code settled}, for the database
   * check. The latency is the whole cycle's.
   */
  Recorder reserveAndSettle(String account, int c, int seconds, List<String> settled) {
    List<String> ids = new ArrayList<>();
    String hold = new JsonObject().put("account", account).put("agent", "bench").put("amount", HOLD).encode();
    String settle = new JsonObject().put("amount", HOLD / 2).encode();
    Recorder recorder = http.closed(seconds * 10_000, c, seconds, i ->
        http.admin(HttpMethod.POST, "/api/budget/reservations", token, hold, null).compose(reserved -> {
          if (reserved.status() != 201) {
            return Future.succeededFuture(new HttpLoad.Answer(reserved.status(), false));
          }
          String id = reserved.body().toJsonObject().getString("id");
          return http.admin(HttpMethod.POST, "/api/budget/reservations/" + id + "/settle", token, settle, null)
              .map(settledReply -> {
                boolean ok = settledReply.status() == 200 && settledReply.body().toString().contains("\"settled\"");
                if (settledReply.status() == 200) {
                  ids.add(id);
                }
                return new HttpLoad.Answer(settledReply.status(), ok);
              });
        }));
    settled.addAll(ids);
    return recorder;
  }

  /** {@code GET /api/budget/check} at {@code rate} a second, whatever the answers do. */
  Recorder check(String account, int rate, int seconds) {
    String path = "/api/budget/check?account=" + account + "&amount=100";
    return http.open(rate, seconds, i -> http.get(path, token, "\"allowed\""));
  }
}
