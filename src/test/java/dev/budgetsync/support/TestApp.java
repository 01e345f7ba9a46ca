package dev.budgetsync.support;

import dev.budgetsync.MainVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The real service, deployed as {@code java -jar} would deploy it, on a free port and in a schema
 * of its own, with a web client and a direct SQL pool to check what was committed.
 */
public final class TestApp {
  public static final String SECRET = "whsec_test_secret_0123456789";
  public static final String TOKEN = "test-admin-token";

  private final Vertx vertx;
  private final String schema;
  private final boolean ownsSchema;
  private final int port = freePort();
  private final WebClient client;
  private final Pool sql;
  private final OpenApiCheck openApi;
  private String deployment;

  private JsonObject config;

  private TestApp(Vertx vertx, String schema, boolean ownsSchema) {
    this.vertx = vertx;
    this.schema = schema;
    this.ownsSchema = ownsSchema;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    // Every response the tests receive must be as docs/openapi.yaml documents it.
    this.openApi = OpenApiCheck.watch(vertx, client);
    this.sql = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(TestDatabase.options().addProperty("search_path", schema)).using(vertx).build();
  }

  /** Starts the service with the test secret and token; {@code overrides} win over both. */
  public static TestApp start(Vertx vertx, JsonObject overrides) {
    return launch(new TestApp(vertx, TestDatabase.newSchemaName(), true), overrides);
  }

  /**
   * Starts another instance of the service, on its own port, in {@code schema}, which it creates
   * when absent and leaves behind on {@link #stop()}: the caller, who may run several instances
   * on it (a cluster), drops it.
   */
  public static TestApp startOn(Vertx vertx, String schema, JsonObject overrides) {
    return launch(new TestApp(vertx, schema, false), overrides);
  }

  private static TestApp launch(TestApp app, JsonObject overrides) {
    app.config = new JsonObject()
        .put("HTTP_PORT", app.port)
        .put("DATABASE_URL", TestDatabase.url())
        .put("DATABASE_SCHEMA", app.schema)
        .put("STRIPE_WEBHOOK_SECRET", SECRET)
        .put("ADMIN_TOKEN", TOKEN)
        .put("DEFAULT_ACCOUNT", "default")
        .put("BUDGET_CURRENCY", "usd")
        .put("STRIPE_LIVEMODE", false)
        .mergeIn(overrides);
    app.deploy();
    return app;
  }

  /** Stops the service and starts it again on the same schema and port, with some settings changed. */
  public void restart(JsonObject overrides) {
    vertx.undeploy(deployment).await();
    config.mergeIn(overrides);
    deploy();
  }

  private void deploy() {
    deployment = vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.copy())).await();
  }

  /** Stops the service and leaves its schema, as an operator stops every instance; {@link #resume()} starts it again. */
  public void pause() {
    vertx.undeploy(deployment).await();
    deployment = null;
  }

  public void resume() {
    deploy();
  }

  /** The settings the service was started with, as the configuration keys name them. */
  public JsonObject config() {
    return config.copy();
  }

  public static TestApp start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  public void stop() {
    if (deployment != null) {
      vertx.undeploy(deployment).await();
    }
    client.close();
    sql.close().await();
    // -Dbudgetsync.keepSchemas=true leaves the filled schemas behind, e.g. for `replay --verify`.
    if (ownsSchema && !Boolean.getBoolean("budgetsync.keepSchemas")) {
      TestDatabase.dropSchema(schema);
    }
  }

  public int port() {
    return port;
  }

  public String schema() {
    return schema;
  }

  public WebClient client() {
    return client;
  }

  /** What the client's responses were checked against docs/openapi.yaml for. */
  public OpenApiCheck openApi() {
    return openApi;
  }

  /** Posts a body signed with the test secret. */
  public HttpResponse<Buffer> postEvent(JsonObject event) {
    String payload = event.encode();
    return postWebhook(payload, StripeSigning.header(SECRET, payload));
  }

  public Future<HttpResponse<Buffer>> postEventAsync(JsonObject event) {
    String payload = event.encode();
    return client.post("/api/webhooks/stripe")
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Stripe-Signature", StripeSigning.header(SECRET, payload))
        .sendBuffer(Buffer.buffer(payload));
  }

  public HttpResponse<Buffer> postWebhook(String payload, String signature) {
    var request = client.post("/api/webhooks/stripe").putHeader("Content-Type", "application/json; charset=utf-8");
    if (signature != null) {
      request.putHeader("Stripe-Signature", signature);
    }
    return request.sendBuffer(Buffer.buffer(payload)).await();
  }

  public HttpResponse<Buffer> get(String uri) {
    return client.get(uri).bearerTokenAuthentication(TOKEN).send().await();
  }

  public HttpResponse<Buffer> postJson(String uri, JsonObject body, String idempotencyKey) {
    var request = client.post(uri).bearerTokenAuthentication(TOKEN);
    if (idempotencyKey != null) {
      request.putHeader("Idempotency-Key", idempotencyKey);
    }
    return request.sendJsonObject(body).await();
  }

  public JsonObject budget(String account) {
    return get("/api/budget?account=" + account + "&month=" + currentMonth()).bodyAsJsonObject();
  }

  public static String currentMonth() {
    return dev.budgetsync.money.Months.of(java.time.Instant.now());
  }

  /** Rows of a query run directly against the service's schema. */
  public List<Row> query(String sqlText, Object... params) {
    List<Row> rows = new ArrayList<>();
    sql.preparedQuery(sqlText).execute(Tuple.from(params)).await().forEach(rows::add);
    return rows;
  }

  public long count(String sqlText, Object... params) {
    return query(sqlText, params).get(0).getLong(0);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
