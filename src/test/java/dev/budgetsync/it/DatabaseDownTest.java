package dev.budgetsync.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.TcpProxy;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL goes away under a running service and comes back: the webhook answers 5xx fast so
 * Stripe retries, ready says 503 while live stays 200, nothing is half-written, and the service
 * recovers without a restart.
 */
@ExtendWith(VertxExtension.class)
class DatabaseDownTest {

  /** The service, reaching PostgreSQL through {@code proxy}. */
  private static TestApp startBehind(Vertx vertx, TcpProxy proxy, int billingTimeoutMs) {
    return TestApp.start(vertx, new JsonObject()
        .put("DATABASE_URL", TestDatabase.url("127.0.0.1", proxy.port())).put("BILLING_TIMEOUT_MS", billingTimeoutMs));
  }

  private static TcpProxy proxy(Vertx vertx) {
    PgConnectOptions db = TestDatabase.options();
    return new TcpProxy(vertx, db.getHost(), db.getPort()).up();
  }

  @Test
  void webhookAnswers5xxWhileTheDatabaseIsDownAndRecoversWhenItReturns(Vertx vertx) throws Exception {
    TcpProxy proxy = proxy(vertx);
    TestApp app = startBehind(vertx, proxy, 4000);
    try {
      String account = Events.newId("acct");
      JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", account));

      proxy.down();
      long started = System.nanoTime();
      HttpResponse<Buffer> refused = app.postEvent(event);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("type"))
          .isIn("database_unavailable", "timeout");
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(app.client().get("/health/ready").send().await().statusCode()).isEqualTo(503);
      assertThat(app.client().get("/health/live").send().await().statusCode()).isEqualTo(200);

      proxy.up();
      assertThat(app.count("select count(*) from stripe_event where id = $1", event.getString("id"))).isZero();
      assertThat(app.count("select count(*) from ledger_entry where account = $1", account)).isZero();

      HttpResponse<Buffer> retried = retryUntilAcknowledged(app, event);
      assertThat(retried.bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
      assertThat(app.client().get("/health/ready").send().await().statusCode()).isEqualTo(200);
      assertThat(app.budget(account).getLong("budget")).isEqualTo(5000);
    } finally {
      app.stop();
    }
  }

  @Test
  void aWebhookAnsweredByTheTimeoutIsLogged(Vertx vertx) throws Exception {
    TcpProxy proxy = proxy(vertx);
    // Shorter than the pool's 3 s connection timeout: billing is still waiting when the webhook gives up.
    TestApp app = startBehind(vertx, proxy, 300);
    Logger logger = (Logger) LoggerFactory.getLogger("dev.budgetsync.http.WebhookHandler");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      JsonObject event = Events.wrap("checkout.session.completed",
          Events.paidSession(100, "usd", Events.newId("acct")));
      proxy.stall();
      HttpResponse<Buffer> refused = app.postEvent(event);

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("timeout");
      assertThat(logs.list).anySatisfy(line -> {
        assertThat(line.getLevel()).isEqualTo(Level.WARN);
        assertThat(line.getFormattedMessage()).contains("event_id=" + event.getString("id"))
            .contains("no answer from billing within 300 ms");
      });
    } finally {
      logger.detachAppender(logs);
      app.stop();
    }
  }

  /** As Stripe does: the same event again until it is acknowledged, within a bound. */
  private static HttpResponse<Buffer> retryUntilAcknowledged(TestApp app, JsonObject event) throws InterruptedException {
    HttpResponse<Buffer> response = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      response = app.postEvent(event);
      if (response.statusCode() == 200) {
        return response;
      }
      Thread.sleep(250);
    }
    return response;
  }
}
