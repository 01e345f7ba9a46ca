package dev.budgetsync.http;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.stripe.WebhookVerifier;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** HTTP ingress: the Stripe webhook, health, metrics, and the admin routes. Holds no money logic. */
public final class HttpVerticle extends VerticleBase {
  public static final int WEBHOOK_BODY_LIMIT = 1024 * 1024;
  /** The only routes without the admin token: Stripe's webhook, and health for the orchestrator. */
  static final Set<String> PUBLIC_PATHS = Set.of("/api/webhooks/stripe", "/health/live", "/health/ready");
  /** Stripe's headers take a few hundred bytes; 8 KiB is what most servers allow. */
  static final int MAX_HEADER_SIZE = 8 * 1024;
  private static final int ADMIN_BODY_LIMIT = 64 * 1024;
  private static final String OPENAPI_RESOURCE = "openapi.yaml";

  private final AppConfig config;
  private final Clock clock;
  private HttpServer server;
  private Router router;
  private Buffer openApi;

  public HttpVerticle(AppConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxHeaderSize(MAX_HEADER_SIZE)
        // A small window: a client cannot push much more than this ahead of what the service reads.
        .setReceiveBufferSize(64 * 1024)
        // HTTP/1.1 only: Stripe and ingress controllers speak it, and no stream multiplexing to police.
        .setHttp2ClearTextEnabled(false)
        // No route upgrades to a WebSocket: without these, every connection carries the extension handler.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false));
    openApi = readOpenApi();
    router = buildRouter();
    Connections connections = new Connections(vertx, config.httpMaxConnections(), config.readTimeoutMs());
    return server.connectionHandler(connections)
        .requestHandler(request -> {
          connections.arrived(request);
          router.handle(request);
        })
        .listen(config.httpPort());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(20, TimeUnit.SECONDS);
  }

  /** The deployed router, for tests that walk its routes. */
  Router router() {
    return router;
  }

  private Router buildRouter() {
    ServiceMetrics metrics = ServiceMetrics.of(vertx);
    WebhookVerifier verifier = config.webhookConfigured()
        ? new WebhookVerifier(config.webhookSecrets(), config.toleranceSeconds(), clock) : null;
    WebhookHandler webhook = new WebhookHandler(vertx.eventBus(), verifier, config.billingTimeoutMs(), metrics);
    AdminHandlers admin = new AdminHandlers(vertx.eventBus(), config.accountSettings(), clock, config.billingTimeoutMs());

    Router router = Router.router(vertx);
    TimeoutHandler timeout = TimeoutHandler.create(config.billingTimeoutMs() + 5000, 503);
    UnreadBodies unread = new UnreadBodies(vertx);
    // The live stream stays open by design; every other request is cut off.
    router.route().handler(ctx -> {
      unread.watch(ctx);
      if (BudgetStream.PATH.equals(ctx.normalizedPath())) {
        ctx.next();
      } else {
        timeout.handle(ctx);
      }
    });
    router.route().failureHandler(Errors::handle);
    router.errorHandler(404, Errors::handle);
    router.errorHandler(405, Errors::handle);
    // Every route needs the admin token but the few public ones: a route added later cannot forget it.
    // The dashboard's browser session is decided here too (BearerAuth, DashboardSession).
    BearerAuth auth = new BearerAuth(config.adminToken(), clock);
    router.route().handler(ctx -> {
      if (PUBLIC_PATHS.contains(ctx.normalizedPath())) {
        ctx.next();
      } else {
        auth.handle(ctx);
      }
    });

    // The header is screened before a byte of the body is read; only then is the body buffered.
    BodyBudget bodies = new BodyBudget(vertx, config.bodyBufferBytes(), config.readTimeoutMs());
    router.post("/api/webhooks/stripe")
        .handler(webhook::screen)
        .handler(bodies.limit(WEBHOOK_BODY_LIMIT))
        .handler(webhook::receive);
    router.get("/api/webhooks/stripe").handler(webhook::describe);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness()));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness()));
    // Behind the token like the admin routes: Prometheus scrapes with bearer authorization.
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));

    Handler<RoutingContext> adminBody = bodies.limit(ADMIN_BODY_LIMIT);
    router.get("/api/budget").handler(admin::getStatus);
    router.post("/api/budget/funds").handler(adminBody).handler(admin::addFunds);
    router.get("/api/budget/ledger").handler(admin::getLedger);
    router.get("/api/budget/check").handler(admin::checkBudget);
    router.post("/api/spend").handler(adminBody).handler(admin::recordSpend);
    router.post("/api/budget/reservations").handler(adminBody).handler(admin::reserve);
    router.post("/api/budget/reservations/:id/settle").handler(adminBody).handler(admin::settle);
    router.delete("/api/budget/reservations/:id").handler(admin::release);
    router.get("/api/stripe/events").handler(admin::listEvents);
    router.post("/api/stripe/events/:id/reprocess").handler(admin::reprocessEvent);
    router.get("/api/budget/daily").handler(admin::getDaily);
    router.get("/api/budget/accounts").handler(admin::listAccounts);
    router.get(BudgetStream.PATH).handler(new BudgetStream(vertx)::open);
    Dashboard dashboard = new Dashboard();
    router.get(Dashboard.PAGE).handler(dashboard::secure).handler(dashboard.files());
    router.get(Dashboard.ASSETS).handler(dashboard::secure).handler(dashboard.files());
    router.get("/openapi.yaml").handler(this::getOpenApi);
    return router;
  }

  /** docs/openapi.yaml, which the build copies onto the classpath: the document has one source. */
  private void getOpenApi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/yaml").end(openApi);
  }

  private static Buffer readOpenApi() {
    try (InputStream in = HttpVerticle.class.getResourceAsStream("/" + OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is not on the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HealthChecks liveness() {
    return HealthChecks.create(vertx).register("http", promise -> promise.complete(Status.OK()));
  }

  /** Ready only when billing answers after a real query against PostgreSQL. */
  private HealthChecks readiness() {
    // Local: readiness is about this node's own connection to PostgreSQL.
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(2000).setLocalOnly(true);
    return HealthChecks.create(vertx).register("database", 3000, promise ->
        vertx.eventBus().request(Addresses.READY, null, options)
            .onSuccess(reply -> promise.complete(Status.OK()))
            .onFailure(error -> promise.complete(Status.KO())));
  }
}
