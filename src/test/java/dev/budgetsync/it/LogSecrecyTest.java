package dev.budgetsync.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.StripeSigning;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full run, good and bad requests and a database outage included, with every log line captured:
 * the webhook secret, the admin token, an API key (created, used, signed in with, revoked) and the
 * database password appear in no log line and no response body but the key's own creation.
 */
@ExtendWith(VertxExtension.class)
class LogSecrecyTest {
  private static final String SECRET = "whsec_log_secrecy_4f9a1c";
  private static final String TOKEN = "admin-token-log-secrecy-7b2e";
  private static final String DB_PASSWORD = "db-password-log-secrecy-91d0";

  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      String line = event.getFormattedMessage();
      if (event.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
      }
      lines.add(line);
    }
  }

  @Test
  void secretsNeverReachLogsOrResponses(Vertx vertx) {
    Capture capture = new Capture();
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    capture.setContext(root.getLoggerContext());
    capture.start();
    root.addAppender(capture);
    List<String> bodies = new ArrayList<>();
    PgConnectOptions db = TestDatabase.options();
    TcpProxy proxy = new TcpProxy(vertx, db.getHost(), db.getPort()).up();
    // Trust authentication ignores the password, so it can be any string here: what matters is where it goes.
    String url = "postgresql://" + db.getUser() + ":" + DB_PASSWORD + "@127.0.0.1:" + proxy.port() + "/"
        + db.getDatabase();
    String apiKey;
    TestApp app = TestApp.start(vertx, new JsonObject().put("STRIPE_WEBHOOK_SECRET", SECRET).put("ADMIN_TOKEN", TOKEN)
        .put("DATABASE_URL", url).put("BILLING_TIMEOUT_MS", 2000));
    try {
      String event = Events.wrap("checkout.session.completed", Events.paidSession(100, "usd", "secrecy")).encode();
      bodies.add(app.postWebhook(event, StripeSigning.header(SECRET, event)).bodyAsString());
      bodies.add(app.postWebhook(event, StripeSigning.header("whsec_wrong", event)).bodyAsString());
      bodies.add(app.postWebhook(event, "t=1,v1=" + "0".repeat(64)).bodyAsString());
      String poison = Events.wrap("checkout.session.completed",
          Events.paidSession(1, "usd", "secrecy").put("amount_total", "1")).encode();
      bodies.add(app.postWebhook(poison, StripeSigning.header(SECRET, poison)).bodyAsString());
      for (String auth : new String[] {"Bearer " + TOKEN, "Bearer " + TOKEN + "x", "Bearer wrong"}) {
        HttpResponse<Buffer> response = app.client().get("/api/budget?account=secrecy")
            .putHeader("Authorization", auth).send().await();
        bodies.add(response.bodyAsString());
      }
      // An API key: created, used well and badly, on the dashboard, revoked, used again.
      HttpResponse<Buffer> created = app.client().post("/api/keys").bearerTokenAuthentication(TOKEN)
          .sendJsonObject(new JsonObject().put("name", "secrecy").put("scope", "spend")
              .put("accounts", new io.vertx.core.json.JsonArray().add("secrecy"))).await();
      apiKey = created.bodyAsJsonObject().getString("key");
      String keyId = created.bodyAsJsonObject().getString("id");
      for (String auth : new String[] {"Bearer " + apiKey, "Bearer " + apiKey + "x", "Bearer " + apiKey.substring(0, 40)}) {
        bodies.add(app.client().get("/api/budget?account=secrecy").putHeader("Authorization", auth).send().await()
            .bodyAsString());
        bodies.add(app.client().get("/api/budget?account=other").putHeader("Authorization", auth).send().await()
            .bodyAsString());
      }
      HttpResponse<Buffer> signedIn = app.client().post("/").followRedirects(false)
          .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("token", apiKey)).await();
      // A redirect without a body: its headers (the session cookie) are what it answers.
      bodies.add(signedIn.headers().toString());
      bodies.add(app.client().get("/api/keys").bearerTokenAuthentication(TOKEN).send().await().bodyAsString());
      bodies.add(app.client().delete("/api/keys/" + keyId).bearerTokenAuthentication(TOKEN).send().await().bodyAsString());
      bodies.add(app.client().get("/api/budget?account=secrecy").bearerTokenAuthentication(apiKey).send().await()
          .bodyAsString());
      proxy.down();
      String later = Events.wrap("checkout.session.completed", Events.paidSession(100, "usd", "secrecy")).encode();
      bodies.add(app.postWebhook(later, StripeSigning.header(SECRET, later)).bodyAsString());
      bodies.add(app.client().get("/health/ready").send().await().bodyAsString());
      bodies.add(app.client().get("/api/budget").bearerTokenAuthentication(TOKEN).send().await().bodyAsString());
      proxy.up();
    } finally {
      app.stop();
      root.detachAppender(capture);
    }

    assertThat(capture.lines).as("log lines captured").hasSizeGreaterThan(3);
    String keyBody = apiKey.substring(4);
    assertThat(String.join("\n", capture.lines)).contains("secrecy").contains("API key key_")
        .doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD)
        .doesNotContain(keyBody.substring(0, 12)).doesNotContain(keyBody.substring(30));
    assertThat(bodies).hasSize(20).allSatisfy(body -> assertThat(body)
        .doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD).doesNotContain("Exception")
        .doesNotContain(keyBody.substring(0, 12)).doesNotContain(keyBody.substring(30)));
  }
}
