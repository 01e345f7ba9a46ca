package dev.budgetsync.it;

import dev.budgetsync.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** API keys through the running service: their life, their secrecy, their hard limit, the dashboard with one. */
@ExtendWith(VertxExtension.class)
class ApiKeysTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static JsonObject create(String scope, String account, boolean enforce) {
    JsonObject body = new JsonObject().put("name", "agent-" + scope).put("scope", scope).put("enforce", enforce);
    if (account != null) {
      body.put("accounts", new JsonArray().add(account));
    }
    HttpResponse<Buffer> created = app.postJson("/api/keys", body, null);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static int status(String key, String account) {
    return app.client().get("/api/budget?account=" + account).bearerTokenAuthentication(key).send().await().statusCode();
  }

  @Test
  void aKeyIsShownOnceStoredAsAHashListedWithoutSecretAndRevokedAtOnce() throws Exception {
    JsonObject created = create("read", "acct_life", false);
    String secret = created.getString("key");
    assertThat(secret).matches("bsk_[A-Za-z0-9_-]{43}");
    assertThat(created.getString("id")).startsWith("key_");
    assertThat(status(secret, "acct_life")).isEqualTo(200);

    JsonArray listed = app.get("/api/keys").bodyAsJsonObject().getJsonArray("data");
    JsonObject mine = listed.stream().map(JsonObject.class::cast)
        .filter(key -> key.getString("id").equals(created.getString("id"))).findFirst().orElseThrow();
    assertThat(mine.containsKey("key")).isFalse();
    assertThat(mine.getLong("last_used")).isNotNull();
    assertThat(listed.encode()).doesNotContain(secret);

    // The database holds the SHA-256 of the secret and nothing from which the secret could be read.
    List<Row> rows = app.query("select *, secret_hash::text as hex from api_key where id = $1", created.getString("id"));
    StringBuilder stored = new StringBuilder();
    for (int i = 0; i < rows.get(0).size(); i++) {
      stored.append(rows.get(0).getValue(i)).append('|');
    }
    String secretBody = secret.substring(4);
    assertThat(stored.toString()).doesNotContain(secretBody).doesNotContain(secretBody.substring(0, 16));
    assertThat(rows.get(0).getBuffer("secret_hash").getBytes())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(UTF_8)));

    HttpResponse<Buffer> revoked = app.client().delete("/api/keys/" + created.getString("id"))
        .bearerTokenAuthentication(TestApp.TOKEN).send().await();
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(revoked.bodyAsJsonObject().getLong("revoked")).isNotNull();
    assertThat(status(secret, "acct_life")).isEqualTo(401);
    assertThat(app.client().delete("/api/keys/key_none").bearerTokenAuthentication(TestApp.TOKEN).send().await()
        .statusCode()).isEqualTo(404);
  }

  /** Found by attacking the running jar (round 3, F2): a stream opened before the revocation went on for good. */
  @Test
  void aStreamOpenedWithAKeyEndsWhenTheKeyIsRevoked(Vertx vertx) throws Exception {
    JsonObject created = create("read", "acct_stream", false);
    HttpClient client = vertx.createHttpClient();
    try {
      HttpClientResponse stream = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
              .setPort(app.port()).setURI("/api/budget/stream?account=acct_stream")
              .putHeader("Authorization", "Bearer " + created.getString("key")).putHeader("Accept", "text/event-stream"))
          .compose(HttpClientRequest::send).await();
      assertThat(stream.statusCode()).isEqualTo(200);
      Promise<Void> ended = Promise.promise();
      stream.endHandler(v -> ended.tryComplete());
      stream.exceptionHandler(ended::tryFail);
      stream.handler(chunk -> { });

      assertThat(app.client().delete("/api/keys/" + created.getString("id")).bearerTokenAuthentication(TestApp.TOKEN)
          .send().await().statusCode()).isEqualTo(200);

      ended.future().timeout(2, TimeUnit.SECONDS).await();
    } finally {
      client.close().await();
    }
  }

  /** Found by attacking the running jar (round 3, F9): past 1000 keys the list dropped some and said has_more false. */
  @Test
  void aListThatLeavesOlderKeysOutSaysSo() {
    // The oldest keys there are, so that the keys of the other tests stay among the newest 1000.
    app.query("insert into api_key (id, name, secret_hash, scope, accounts, enforce, created_at)"
        + " select 'key_old' || n, 'old', sha256(('old' || n)::bytea), 'read', array['acct_old'], false,"
        + " timestamptz '2001-01-01' + n * interval '1 second' from generate_series(1, 1001) n");

    JsonObject listed = app.get("/api/keys").bodyAsJsonObject();

    assertThat(listed.getJsonArray("data")).hasSize(1000);
    assertThat(listed.getBoolean("has_more")).isTrue();
    assertThat(listed.getJsonArray("data").encode()).doesNotContain("\"key_old1\"");
  }

  @Test
  void unknownMalformedAndMissingKeysAre401() {
    String unknown = "bsk_" + "A".repeat(43);
    for (String key : List.of(unknown, "bsk_short", "Bearer", "x".repeat(200))) {
      HttpResponse<Buffer> answer = app.client().get("/api/budget").bearerTokenAuthentication(key).send().await();
      assertThat(answer.statusCode()).as(key).isEqualTo(401);
      assertThat(answer.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("unauthorized");
    }
    assertThat(app.client().get("/api/budget").send().await().statusCode()).isEqualTo(401);
  }

  @Test
  void keysAreMadeOnlyWithTheirAccountsAndByAnAdmin() {
    assertThat(app.postJson("/api/keys", new JsonObject().put("name", "n").put("scope", "spend"), null).statusCode())
        .isEqualTo(400);
    assertThat(app.postJson("/api/keys", new JsonObject().put("name", "n").put("scope", "owner")
        .put("accounts", new JsonArray().add("a")), null).statusCode()).isEqualTo(400);
    assertThat(app.postJson("/api/keys", new JsonObject().put("name", "n").put("scope", "admin")
        .put("accounts", new JsonArray().add("a")), null).statusCode()).isEqualTo(400);
    String spend = create("spend", "acct_make", false).getString("key");
    HttpResponse<Buffer> escalate = app.client().post("/api/keys").bearerTokenAuthentication(spend)
        .sendJsonObject(new JsonObject().put("name", "mine").put("scope", "admin")).await();
    assertThat(escalate.statusCode()).isEqualTo(403);
    assertThat(escalate.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("forbidden");
    String admin = create("admin", null, false).getString("key");
    assertThat(app.client().get("/api/keys").bearerTokenAuthentication(admin).send().await().statusCode())
        .isEqualTo(200);
  }

  @Test
  void anEnforcedKeysConcurrentSpendsNeverTakeRemainingBelowZero() {
    String account = "acct_enforced";
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1000), null);
    String key = create("spend", account, true).getString("key");

    List<Future<HttpResponse<Buffer>>> spends = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // The request itself does not ask for enforcement: the key does.
      spends.add(app.client().post("/api/spend").bearerTokenAuthentication(key)
          .sendJsonObject(new JsonObject().put("account", account).put("agent", "a" + i).put("amount", 70)));
    }
    Future.all(spends).await();
    long ok = spends.stream().filter(s -> s.result().statusCode() == 200).count();
    List<Integer> refused = spends.stream().map(s -> s.result().statusCode()).filter(s -> s != 200).toList();
    assertThat(ok).isEqualTo(14);
    assertThat(refused).hasSize(36).containsOnly(402);
    JsonObject budget = app.budget(account);
    assertThat(budget.getLong("spent")).isEqualTo(14 * 70);
    assertThat(budget.getLong("remaining")).isEqualTo(1000 - 14 * 70);
    assertThat(app.count("select count(*) from ledger_entry where account = $1 and kind = 'spend'", account))
        .isEqualTo(14);

    // A reservation under the key can't exceed what remains, nor can its settlement.
    HttpResponse<Buffer> tooBig = app.client().post("/api/budget/reservations").bearerTokenAuthentication(key)
        .sendJsonObject(new JsonObject().put("account", account).put("agent", "r").put("amount", 21)).await();
    assertThat(tooBig.statusCode()).isEqualTo(402);
    String id = app.client().post("/api/budget/reservations").bearerTokenAuthentication(key)
        .sendJsonObject(new JsonObject().put("account", account).put("agent", "r").put("amount", 10)).await()
        .bodyAsJsonObject().getString("id");
    assertThat(app.client().post("/api/budget/reservations/" + id + "/settle").bearerTokenAuthentication(key)
        .sendJsonObject(new JsonObject().put("amount", 21)).await().statusCode()).isEqualTo(402);
    assertThat(app.client().post("/api/budget/reservations/" + id + "/settle").bearerTokenAuthentication(key)
        .sendJsonObject(new JsonObject().put("amount", 20)).await().statusCode()).isEqualTo(200);
    assertThat(app.budget(account).getLong("remaining")).isZero();
    // Un-enforced spend still records: the admin token's spend takes the budget below zero.
    assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "x")
        .put("amount", 5), null).statusCode()).isEqualTo(200);
    assertThat(app.budget(account).getLong("remaining")).isEqualTo(-5);
  }

  @Test
  void theDashboardSignsInWithAReadKeyAndShowsOnlyItsAccounts() {
    for (String account : List.of("acct_dash_mine", "acct_dash_other")) {
      app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 100), null);
    }
    String key = create("read", "acct_dash_mine", false).getString("key");
    HttpResponse<Buffer> signIn = app.client().post("/").followRedirects(false)
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("token", key)).await();
    assertThat(signIn.statusCode()).isEqualTo(303);
    String cookie = signIn.getHeader("Set-Cookie").split(";")[0];
    assertThat(cookie).doesNotContain(key).doesNotContain(key.substring(4));

    JsonArray accounts = app.client().get("/api/budget/accounts").putHeader("Cookie", cookie).send().await()
        .bodyAsJsonObject().getJsonArray("data");
    assertThat(accounts.stream().map(a -> ((JsonObject) a).getString("account")).toList())
        .containsExactly("acct_dash_mine");
    assertThat(app.client().get("/api/budget?account=acct_dash_other").putHeader("Cookie", cookie).send().await()
        .statusCode()).isEqualTo(403);
    assertThat(app.client().get("/api/budget?account=acct_dash_mine").putHeader("Cookie", cookie).send().await()
        .statusCode()).isEqualTo(200);
    // The page opens on the key's account when the address names none.
    assertThat(app.client().get("/api/budget/daily").putHeader("Cookie", cookie).send().await().bodyAsJsonObject()
        .getString("account")).isEqualTo("acct_dash_mine");
    assertThat(app.client().get("/").putHeader("Cookie", cookie).putHeader("Accept", "text/html").send().await()
        .statusCode()).isEqualTo(200);
  }
}
