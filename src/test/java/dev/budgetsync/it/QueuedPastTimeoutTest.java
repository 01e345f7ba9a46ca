package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent request whose caller has been told {@code timeout} is not written later: still queued in
 * group commit, it is given up; already at the database (waiting on a lock), its batch rolls back
 * instead of committing past the deadline. Found by attacking the running jar: every queued spend was
 * written seconds after its caller got 503 (round 2, finding 2), then the batches already in their
 * transaction, holds included, which no retry can name (round 3, F8).
 */
@ExtendWith(VertxExtension.class)
class QueuedPastTimeoutTest {
  private static final int SPENDS = 6;
  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void requestsAnsweredTimeoutBehindAStuckDatabaseAreNeverWrittenAfterwards(Vertx vertx) throws Exception {
    // One batch of one at a time, so the first spend holds the database and the others queue.
    app = TestApp.start(vertx, new JsonObject().put("DATABASE_POOL_SIZE", 1).put("BILLING_BATCH_SIZE", 1)
        .put("BILLING_TIMEOUT_MS", 500));
    String account = Events.newId("acct");
    assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 10_000), null)
        .statusCode()).isEqualTo(200);

    PgConnection holder = PgConnection.connect(vertx, TestDatabase.options()).await();
    holder.query("set search_path to " + app.schema()).execute().await();
    Transaction locked = holder.begin().await();
    holder.preparedQuery("select 1 from budget_month where account = $1 for update").execute(Tuple.of(account)).await();

    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    sent.add(reserve(account));
    for (int i = 0; i < SPENDS; i++) {
      sent.add(spend(account, "queued-" + i));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> answer : sent) {
      statuses.add(answer.await().statusCode());
    }
    assertThat(statuses).as("every caller was told timeout while the row was locked").containsOnly(503);
    Thread.sleep(300);
    locked.rollback().await();
    holder.close().await();
    Thread.sleep(1_000);

    assertThat(spends(account)).as("spends answered timeout, written afterwards").isZero();
    assertThat(app.count("select count(*) from reservation where account = $1", account))
        .as("holds answered timeout, written afterwards").isZero();
    for (int i = 0; i < SPENDS; i++) {
      assertThat(spend(account, "queued-" + i).await().statusCode()).as("retry %d", i).isEqualTo(200);
    }
    assertThat(spends(account)).as("each retried spend recorded exactly once").isEqualTo(SPENDS);
    assertThat(app.budget(account).getLong("remaining")).isEqualTo(10_000 - SPENDS * 100);
  }

  private Future<HttpResponse<Buffer>> spend(String account, String key) {
    return app.client().post("/api/spend").bearerTokenAuthentication(TestApp.TOKEN).putHeader("Idempotency-Key", key)
        .sendJsonObject(new JsonObject().put("account", account).put("agent", "a").put("amount", 100));
  }

  private Future<HttpResponse<Buffer>> reserve(String account) {
    return app.client().post("/api/budget/reservations").bearerTokenAuthentication(TestApp.TOKEN)
        .sendJsonObject(new JsonObject().put("account", account).put("agent", "a").put("amount", 100));
  }

  private long spends(String account) {
    return app.count("select count(*) from ledger_entry where account = $1 and kind = 'spend'", account);
  }
}
