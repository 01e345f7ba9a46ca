package dev.budgetsync.http;

import dev.budgetsync.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every route the HTTP verticle registers: each one refuses a request without the admin
 * token, except the webhook and health routes. A route added later is checked without changing this.
 */
@ExtendWith(VertxExtension.class)
class RouteAuthTest {
  private static final Set<String> PUBLIC = Set.of("/api/webhooks/stripe", "/health/live", "/health/ready");
  /** The sign-in form posts the token it checks: it is reached without one. */
  private static final String SIGN_IN = "POST /";

  @Test
  void everyRegisteredRouteButThePublicOnesNeedsTheToken(Vertx vertx) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppConfig config = AppConfig.from(new JsonObject().put("HTTP_PORT", port).put("ADMIN_TOKEN", "walk-token")
        .put("STRIPE_WEBHOOK_SECRET", "whsec_walk"));
    HttpVerticle http = new HttpVerticle(config, Clock.systemUTC());
    vertx.deployVerticle(http).await();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port));

    List<Route> routes = http.router().getRoutes().stream().filter(r -> r.getPath() != null).toList();
    int checked = 0;
    for (Route route : routes) {
      String path = route.getPath().replaceAll(":([a-z]+)", "res_walk").replaceAll("\\*$", "anything");
      Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty()
          ? Set.of(HttpMethod.GET, HttpMethod.POST) : route.methods();
      for (HttpMethod method : methods) {
        HttpResponse<Buffer> anonymous = client.request(method, path).send().await();
        HttpResponse<Buffer> wrong = client.request(method, path).bearerTokenAuthentication("nope").send().await();
        if (SIGN_IN.equals(method + " " + path)) {
          // Reached without a token: it answers its own form, not the guard's JSON refusal.
          assertThat(anonymous.getHeader("Content-Type")).startsWith("text/html");
          assertThat(anonymous.bodyAsString()).contains("name=\"token\"");
        } else if (PUBLIC.contains(path)) {
          assertThat(anonymous.statusCode()).as(method + " " + path).isNotEqualTo(401);
        } else {
          assertThat(anonymous.statusCode()).as(method + " " + path + " without token").isEqualTo(401);
          assertThat(wrong.statusCode()).as(method + " " + path + " with a wrong token").isEqualTo(401);
          if (method != HttpMethod.HEAD) {
            assertThat(anonymous.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("unauthorized");
          }
          HttpResponse<Buffer> authorized = client.request(method, path).bearerTokenAuthentication("walk-token")
              .send().await();
          assertThat(authorized.statusCode()).as(method + " " + path + " with the token").isNotEqualTo(401);
        }
        checked++;
      }
    }
    // The contract's admin routes are all among them (a renamed route would shrink this list).
    assertThat(routes.stream().map(Route::getPath)).contains("/api/budget", "/api/budget/funds", "/api/spend",
        "/api/budget/check", "/api/budget/reservations", "/api/budget/reservations/:id/settle",
        "/api/budget/reservations/:id", "/api/stripe/events", "/api/budget/ledger");
    assertThat(checked).isGreaterThanOrEqualTo(14);
    for (String unknown : List.of("/", "/metrics", "/nope", "/api/unknown")) {
      assertThat(client.get(unknown).send().await().statusCode()).as(unknown).isEqualTo(401);
    }
  }
}
