package dev.budgetsync.http;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.OpenApiCheck;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml against the routes the HTTP verticle registers: the same operations both ways, so
 * a route added (or removed) without its documentation fails here. And the document is served.
 */
@ExtendWith(VertxExtension.class)
class OpenApiRoutesTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final String TOKEN = "openapi-token";

  private HttpVerticle http;
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    AppConfig config = AppConfig.from(new JsonObject().put("HTTP_PORT", port).put("ADMIN_TOKEN", TOKEN)
        .put("STRIPE_WEBHOOK_SECRET", "whsec_openapi"));
    http = new HttpVerticle(config, Clock.systemUTC());
    vertx.deployVerticle(http).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port));
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsRegistered() {
    Set<String> registered = new TreeSet<>();
    for (Route route : http.router().getRoutes()) {
      if (route.getPath() == null) {
        continue; // the handlers of every request: timeout, failure, the token check
      }
      // A route without methods answers every method; the document must then name the ones it means.
      Set<HttpMethod> methods = route.methods() == null || route.methods().isEmpty() ? Set.of(HttpMethod.GET)
          : route.methods();
      String path = route.getPath().replaceAll(":([A-Za-z_][A-Za-z0-9_]*)", "{$1}");
      methods.forEach(method -> registered.add(method.name() + " " + path));
    }
    Set<String> documented = new TreeSet<>();
    JsonObject paths = OpenApiCheck.document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String key : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(key)) {
          documented.add(key.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }

    // HEAD answers every GET route, as the document's description says once for all of them.
    Set<String> heads = new TreeSet<>();
    Set<String> gets = new TreeSet<>();
    for (String op : registered) {
      String path = op.substring(op.indexOf(' ') + 1);
      if (op.startsWith("HEAD ")) {
        heads.add(path);
      } else if (op.startsWith("GET ")) {
        gets.add(path);
      }
    }
    assertThat(heads).as("paths answering HEAD").isEqualTo(gets);
    registered.removeIf(op -> op.startsWith("HEAD "));
    assertThat(OpenApiCheck.document().getJsonObject("info").getString("description"))
        .contains("Every `GET` route also answers `HEAD`");

    assertThat(documented).as("operations in docs/openapi.yaml that HttpVerticle does not register")
        .isSubsetOf(registered);
    assertThat(registered).as("routes of HttpVerticle that docs/openapi.yaml does not document")
        .isSubsetOf(documented);
    assertThat(registered).contains("POST /api/webhooks/stripe", "GET /api/budget",
        "POST /api/budget/reservations/{id}/settle", "DELETE /api/budget/reservations/{id}", "GET /openapi.yaml");
  }

  @Test
  void theDocumentIsAValidOpenApi31ContractWithAnOperationIdEverywhere(Vertx vertx) {
    OpenAPIContract contract = OpenApiCheck.of(vertx, OpenApiCheck.document()).contract().await();

    assertThat(contract.getVersion()).isEqualTo(OpenAPIVersion.V3_1);
    assertThat(contract.operations()).hasSizeGreaterThanOrEqualTo(15)
        .allSatisfy(operation -> assertThat(operation.getOperationId()).isNotBlank());
    assertThat(contract.securityScheme("bearerAuth")).isNotNull();
  }

  @Test
  void onlyTheWebhookHealthAndSignInAreDocumentedWithoutTheBearerToken() {
    JsonObject document = OpenApiCheck.document();
    assertThat(document.getJsonArray("security").getJsonObject(0).containsKey("bearerAuth")).isTrue();
    Set<String> open = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String key : item.fieldNames()) {
        if (METHODS.contains(key) && item.getJsonObject(key).getJsonArray("security") != null
            && item.getJsonObject(key).getJsonArray("security").isEmpty()) {
          open.add(key.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }

    Set<String> expected = new TreeSet<>(Set.of("POST /"));
    HttpVerticle.PUBLIC_PATHS.forEach(path -> expected.add("GET " + path));
    expected.add("POST /api/webhooks/stripe");
    assertThat(open).isEqualTo(expected);
  }

  /**
   * The rules of Redocly's linter that the document once broke (.ci/run runs the linter itself):
   * a license, a server that is not localhost, and a 4XX answer on every operation but the sign-in,
   * which answers 303 and its form (.redocly.lint-ignore.yaml).
   */
  @Test
  void theDocumentKeepsTheLintersRules() {
    JsonObject document = OpenApiCheck.document();
    assertThat(document.getJsonObject("info").getJsonObject("license").getString("name")).isNotBlank();
    assertThat(document.getJsonArray("servers").getJsonObject(0).getString("url")).doesNotContain("localhost");
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject responses = paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses");
        assertThat(responses.fieldNames()).as(method + " " + path + " has a 4XX answer").anyMatch(c -> c.startsWith("4"));
      }
    }
  }

  @Test
  void theDocumentIsServedFromTheClasspathAsTheSourceFileHasIt() throws IOException {
    HttpResponse<Buffer> served = client.get("/openapi.yaml").bearerTokenAuthentication(TOKEN).send().await();
    HttpResponse<Buffer> anonymous = client.get("/openapi.yaml").send().await();

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.getHeader("Content-Type")).isEqualTo("application/yaml");
    assertThat(served.body().getBytes()).isEqualTo(Files.readAllBytes(OpenApiCheck.DOCUMENT));
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}
