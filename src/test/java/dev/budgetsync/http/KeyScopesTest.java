package dev.budgetsync.http;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.BridgeSocket;
import dev.budgetsync.support.Ports;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scope against every route the HTTP verticle registers, and every address of the TCP bridge:
 * a key of scope below a route's is refused {@code 403}; a {@code read} or {@code spend} key is
 * refused {@code 403} on another account and let through on its own; an admin goes everywhere. A
 * route added later without a line in {@link #ROUTES} fails this test until someone decides its scope.
 */
@ExtendWith(VertxExtension.class)
class KeyScopesTest {
  private static final String MINE = "acct_mine";
  private static final String OTHER = "acct_other";

  /** What a route needs, and how a request names its account (null: none, it is admin-only or any key's). */
  private record Rule(String scope, Target target) {
  }

  private enum Target { NONE, QUERY, BODY, RESERVATION, FILTERED }

  private static final Map<String, Rule> ROUTES = Map.ofEntries(
      entry("/api/budget", new Rule("read", Target.QUERY)),
      entry("/api/budget/funds", new Rule("admin", Target.BODY)),
      entry("/api/budget/ledger", new Rule("read", Target.QUERY)),
      entry("/api/budget/ledger.csv", new Rule("read", Target.QUERY)),
      entry("/api/budget/check", new Rule("read", Target.QUERY)),
      entry("/api/spend", new Rule("spend", Target.BODY)),
      entry("/api/budget/agents", new Rule("read", Target.QUERY)),
      entry("GET /api/budget/reservations", new Rule("read", Target.QUERY)),
      entry("POST /api/budget/reservations", new Rule("spend", Target.BODY)),
      entry("/api/budget/reservations/:id/settle", new Rule("spend", Target.RESERVATION)),
      entry("/api/budget/reservations/:id", new Rule("spend", Target.RESERVATION)),
      entry("/api/stripe/events", new Rule("read", Target.QUERY)),
      entry("/api/stripe/events/:id/reprocess", new Rule("admin", Target.NONE)),
      entry("/api/stripe/reconcile", new Rule("admin", Target.NONE)),
      entry("/api/notifications", new Rule("admin", Target.NONE)),
      entry("/api/notifications/:id/retry", new Rule("admin", Target.NONE)),
      entry("/api/budget/daily", new Rule("read", Target.QUERY)),
      entry("/api/budget/accounts", new Rule("read", Target.FILTERED)),
      entry("/api/budget/stream", new Rule("read", Target.QUERY)),
      entry("/metrics", new Rule("admin", Target.NONE)),
      entry("GET /", new Rule("read", Target.NONE)),
      entry("/ui/:file", new Rule("read", Target.NONE)),
      entry("/openapi.yaml", new Rule("read", Target.NONE)),
      entry("POST /api/keys", new Rule("admin", Target.NONE)),
      entry("GET /api/keys", new Rule("admin", Target.NONE)),
      entry("/api/keys/:id", new Rule("admin", Target.NONE)));
  /** Reached without a key: Stripe's webhook, health, the sign-in form. */
  private static final Set<String> PUBLIC = Set.of("/api/webhooks/stripe", "/health/live", "/health/ready", "POST /");

  private static TestApp app;
  private static int bridgePort;
  private static HttpVerticle walked;
  private static final Map<String, String> KEYS = new java.util.HashMap<>();

  @BeforeAll
  static void start(Vertx vertx) {
    bridgePort = Ports.free();
    app = TestApp.start(vertx, new JsonObject().put("EVENTBUS_BRIDGE_PORT", bridgePort));
    // A second HTTP verticle of the same configuration, for its router's routes: the service's own.
    walked = new HttpVerticle(AppConfig.from(app.config().put("HTTP_PORT", Ports.free())), Clock.systemUTC());
    vertx.deployVerticle(walked).await();
    for (String account : List.of(MINE, OTHER)) {
      assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1_000_000),
          null).statusCode()).isEqualTo(200);
    }
    KEYS.put("read", create("read", MINE));
    KEYS.put("spend", create("spend", MINE));
    KEYS.put("admin", create("admin", null));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static String create(String scope, String account) {
    JsonObject body = new JsonObject().put("name", "walk-" + scope).put("scope", scope);
    if (account != null) {
      body.put("accounts", new JsonArray().add(account));
    }
    HttpResponse<Buffer> created = app.postJson("/api/keys", body, null);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("key");
  }

  private static String reservation(String account) {
    HttpResponse<Buffer> held = app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", "walker").put("amount", 10).put("ttl_seconds", 600), null);
    assertThat(held.statusCode()).isEqualTo(201);
    return held.bodyAsJsonObject().getString("id");
  }

  private static Rule rule(HttpMethod method, String path) {
    Rule rule = ROUTES.get(method.name().replace("HEAD", "GET") + " " + path);
    return rule != null ? rule : ROUTES.get(path);
  }

  @Test
  void everyScopeOnEveryRoute() {
    List<Route> routes = walked.router().getRoutes().stream().filter(r -> r.getPath() != null).toList();
    long ledgerBefore = app.count("select count(*) from ledger_entry");
    // The walk's own holds (10, by the admin token, for settle and release to aim at) aside.
    long holdsBefore = app.count("select count(*) from reservation where amount <> 10");
    List<String> checked = new ArrayList<>();
    for (String scope : List.of("read", "spend", "admin")) {
      for (Route route : routes) {
        Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty()
            ? Set.of(HttpMethod.GET, HttpMethod.POST) : route.methods();
        for (HttpMethod method : methods) {
          String path = route.getPath();
          if (PUBLIC.contains(path) || PUBLIC.contains(method + " " + path)) {
            continue;
          }
          Rule rule = rule(method, path);
          assertThat(rule).as("no scope decided for " + method + " " + path + ": add it to ROUTES").isNotNull();
          boolean scopeCovers = covers(scope, rule.scope());
          boolean accountScoped = rule.target() == Target.QUERY || rule.target() == Target.BODY
              || rule.target() == Target.RESERVATION;
          int onOther = send(scope, method, path, rule.target(), OTHER);
          String what = scope + " key: " + method + " " + path;
          if (!scopeCovers || (accountScoped && !scope.equals("admin"))) {
            assertThat(onOther).as(what + " on another account").isEqualTo(403);
          } else {
            assertThat(onOther).as(what + " on another account").isNotIn(401, 403);
          }
          int onMine = send(scope, method, path, rule.target(), MINE);
          if (scopeCovers) {
            assertThat(onMine).as(what + " on its account").isNotIn(401, 403);
          } else {
            assertThat(onMine).as(what + " on its account").isEqualTo(403);
          }
          checked.add(what);
        }
      }
      if (scope.equals("read")) {
        assertThat(app.count("select count(*) from ledger_entry")).as("a read key wrote nothing").isEqualTo(ledgerBefore);
        assertThat(app.count("select count(*) from reservation where amount <> 10")).as("a read key held nothing")
            .isEqualTo(holdsBefore);
        assertThat(app.count("select count(*) from reservation where status <> 'held'")).as("nor settled or released")
            .isZero();
      }
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(3 * 40);
  }

  @Test
  void theAccountListAndTheHistoryShowAKeysAccountsOnly() {
    for (String scope : List.of("read", "spend")) {
      JsonArray accounts = app.client().get("/api/budget/accounts").bearerTokenAuthentication(KEYS.get(scope))
          .send().await().bodyAsJsonObject().getJsonArray("data");
      assertThat(accounts.stream().map(a -> ((JsonObject) a).getString("account")).toList()).containsExactly(MINE);
    }
    JsonArray all = app.client().get("/api/budget/accounts").bearerTokenAuthentication(KEYS.get("admin"))
        .send().await().bodyAsJsonObject().getJsonArray("data");
    assertThat(all.stream().map(a -> ((JsonObject) a).getString("account")).toList()).contains(MINE, OTHER);
  }

  @Test
  void everyBridgeAddressChecksTheScopeAndTheAccount() {
    List<String> addresses = List.of(Addresses.STATUS, Addresses.ADD_FUNDS, Addresses.SPEND, Addresses.CHECK,
        Addresses.RESERVE, Addresses.SETTLE, Addresses.RELEASE, Addresses.EVENTS);
    Map<String, String> needs = Map.of(Addresses.STATUS, "read", Addresses.ADD_FUNDS, "admin",
        Addresses.SPEND, "spend", Addresses.CHECK, "read", Addresses.RESERVE, "spend", Addresses.SETTLE, "spend",
        Addresses.RELEASE, "spend", Addresses.EVENTS, "read");
    long ledgerBefore = app.count("select count(*) from ledger_entry where account = $1", OTHER);
    try (BridgeSocket bridge = new BridgeSocket(bridgePort)) {
      int n = 0;
      for (String scope : List.of("read", "spend", "admin")) {
        for (String address : addresses) {
          boolean covers = covers(scope, needs.get(address));
          for (String account : List.of(OTHER, MINE)) {
            JsonObject reply = bridge.request(address, KEYS.get(scope), busBody(address, account), "r" + n++);
            String what = scope + " key: " + address + " on " + account;
            boolean refused = !covers || (account.equals(OTHER) && !scope.equals("admin"));
            if (refused) {
              assertThat(reply.getString("type")).as(what).isEqualTo("err");
              assertThat(reply.getInteger("failureCode")).as(what + ": " + reply).isEqualTo(403);
              assertThat(reply.getString("message")).as(what).isEqualTo("forbidden");
            } else {
              assertThat(reply.getInteger("failureCode")).as(what + ": " + reply).isNotIn(401, 403);
            }
          }
        }
      }
    }
    // Only the admin key's requests moved money on the other account: a top-up, a spend, a settlement.
    assertThat(app.count("select count(*) from ledger_entry where account = $1", OTHER)).isEqualTo(ledgerBefore + 3);
  }

  @Test
  void aBridgeListenerHearsItsKeysAccountsUntilTheKeyIsRevoked() {
    HttpResponse<Buffer> created = app.postJson("/api/keys", new JsonObject().put("name", "listener").put("scope", "read")
        .put("accounts", new JsonArray().add(MINE)), null);
    String key = created.bodyAsJsonObject().getString("key");
    try (BridgeSocket bridge = new BridgeSocket(bridgePort)) {
      bridge.write(BridgeSocket.frame("register", Addresses.UPDATED, key, null));
      bridge.write(new JsonObject().put("type", "ping"));
      assertThat(bridge.read().getString("type")).isEqualTo("pong");
      topUp(OTHER);
      topUp(MINE);
      JsonObject heard = bridge.read();
      assertThat(heard.getString("type")).isEqualTo("message");
      assertThat(heard.getJsonObject("body").getString("account")).as("the other account's change was not heard")
          .isEqualTo(MINE);

      assertThat(app.client().delete("/api/keys/" + created.bodyAsJsonObject().getString("id"))
          .bearerTokenAuthentication(TestApp.TOKEN).send().await().statusCode()).isEqualTo(200);
      topUp(MINE);
      // The next change finds the key revoked: the registration ends, said once.
      assertThat(bridge.read()).isEqualTo(new JsonObject().put("type", "err").put("message", "blocked by bridgeEvent handler"));
      topUp(MINE);
      bridge.write(new JsonObject().put("type", "ping"));
      assertThat(bridge.read().getString("type")).isEqualTo("pong");
    }
  }

  private static void topUp(String account) {
    assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1), null)
        .statusCode()).isEqualTo(200);
  }

  private static boolean covers(String scope, String needed) {
    List<String> order = List.of("read", "spend", "admin");
    return order.indexOf(scope) >= order.indexOf(needed);
  }

  private JsonObject busBody(String address, String account) {
    return switch (address) {
      case Addresses.SETTLE -> new JsonObject().put("id", reservation(account)).put("amount", 1);
      case Addresses.RELEASE -> new JsonObject().put("id", reservation(account));
      case Addresses.EVENTS -> new JsonObject().put("account", account);
      default -> new JsonObject().put("account", account).put("agent", "walker").put("amount", 1);
    };
  }

  /** The status of {@code method path} sent with the key of {@code scope}, aimed at {@code account}. */
  private static int send(String scope, HttpMethod method, String path, Target target, String account) {
    String uri = path.replace("/ui/:file", "/ui/agents.js")
        .replace("/api/budget/reservations/:id", "/api/budget/reservations/"
            + (target == Target.RESERVATION ? reservation(account) : "res_walk"))
        .replace("/api/stripe/events/:id", "/api/stripe/events/evt_walk")
        .replace("/api/notifications/:id", "/api/notifications/ntf_walk")
        .replace("/api/keys/:id", "/api/keys/key_walk");
    if (target == Target.QUERY) {
      uri += "?account=" + account;
    }
    // The stream is opened with HEAD: its headers say whether it would stream, and it never stays open.
    HttpMethod sent = path.equals(BudgetStream.PATH) ? HttpMethod.HEAD : method;
    HttpRequest<Buffer> request = app.client().request(sent, uri).bearerTokenAuthentication(KEYS.get(scope))
        .putHeader("Accept", path.equals(BudgetStream.PATH) ? "text/event-stream" : "application/json");
    if (sent == HttpMethod.POST) {
      JsonObject body = target == Target.BODY
          ? new JsonObject().put("account", account).put("agent", "walker").put("amount", 1)
          : path.equals("/api/keys") ? new JsonObject().put("name", "walked").put("scope", "read")
              .put("accounts", new JsonArray().add(account))
          : new JsonObject().put("amount", 1);
      return request.sendJsonObject(body).await().statusCode();
    }
    return request.send().await().statusCode();
  }
}
