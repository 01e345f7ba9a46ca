package dev.budgetsync.http;

import dev.budgetsync.billing.Access;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.domain.Scope;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.stripe.WebhookVerifier;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** HTTP ingress: the Stripe webhook, health, metrics, and the admin routes. Holds no money logic. */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  public static final int WEBHOOK_BODY_LIMIT = 1024 * 1024;
  /** The only routes without the admin token: Stripe's webhook, health for the orchestrator, and sign-in. */
  static final Set<String> PUBLIC_PATHS = Set.of("/api/webhooks/stripe", Health.LIVE, Health.READY);
  /** Stripe's headers take a few hundred bytes; 8 KiB is what most servers allow. */
  static final int MAX_HEADER_SIZE = 8 * 1024;
  private static final int ADMIN_BODY_LIMIT = 64 * 1024;
  private static final int LOGIN_BODY_LIMIT = 4 * 1024;
  private static final String OPENAPI_RESOURCE = "openapi.yaml";

  private final AppConfig config;
  private final Clock clock;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong drained = new AtomicLong();
  private volatile boolean stopping;
  private HttpServer server;
  private Router router;
  private Access access;
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
    access = new Access(vertx, config.adminToken(), config.billingTimeoutMs());
    router = buildRouter();
    Connections connections = new Connections(vertx, config.httpMaxConnections(), config.readTimeoutMs());
    return access.start().compose(listening -> server.connectionHandler(connections)
        .requestHandler(request -> {
          connections.arrived(request);
          router.handle(request);
        })
        .listen(config.httpPort()));
  }

  /** Stops accepting connections and lets the open requests finish, for at most 20 s, saying so in the log. */
  @Override
  public Future<?> stop() {
    stopping = true;
    LOG.info("stopping: no new requests; draining {} open request(s)", inFlight.get());
    return server == null ? Future.succeededFuture() : server.shutdown(20, TimeUnit.SECONDS)
        .onComplete(done -> {
          long open = inFlight.get();
          // Requests not finished when the server completed its shutdown are not counted as drained: say so.
          LOG.info("stopped, drained {} requests{}", drained.get(),
              open > 0 ? "; " + open + " still open at the end of the drain" : "");
        });
  }

  /** The deployed router, for tests that walk its routes. */
  Router router() {
    return router;
  }

  /** A route answering GET and HEAD alike (Vert.x sends no body for HEAD). */
  static Route read(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
  }

  private Router buildRouter() {
    ServiceMetrics metrics = ServiceMetrics.of(vertx);
    WebhookVerifier verifier = config.webhookConfigured()
        ? new WebhookVerifier(config.webhookSecrets(), config.toleranceSeconds(), clock) : null;
    WebhookHandler webhook = new WebhookHandler(vertx.eventBus(), verifier, config.billingTimeoutMs(), metrics);
    AdminHandlers admin = new AdminHandlers(vertx.eventBus(), access, config.accountSettings(), clock,
        config.billingTimeoutMs());
    LedgerCsv csv = new LedgerCsv(vertx.eventBus(), access, config.accountSettings(), clock, config.billingTimeoutMs());
    DashboardSession session = new DashboardSession(config.adminToken(), access, clock);

    Router router = Router.router(vertx);
    router.route().handler(this::count);
    // Past the body's own deadline (408) and billing's (503 timeout): the last resort, never a tie with either.
    TimeoutHandler timeout = TimeoutHandler.create(config.readTimeoutMs() + config.billingTimeoutMs() + 5000, 503);
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
    // Every route needs a key but the few public ones: a route added later cannot forget it. The
    // dashboard's browser session is decided here too (BearerAuth, DashboardSession); what each key
    // may do, by the handlers through Access (admin only, unless Access lets a scope through).
    BearerAuth auth = new BearerAuth(access, session);
    router.route().handler(ctx -> {
      if (PUBLIC_PATHS.contains(ctx.normalizedPath()) || DashboardSession.isLogin(ctx)) {
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
    read(router, "/api/webhooks/stripe").handler(QueryParams.only()).handler(webhook::describe);
    read(router, Health.LIVE).handler(QueryParams.only()).handler(Health.liveness(vertx));
    read(router, Health.READY).handler(QueryParams.only()).handler(Health.readiness(vertx));
    // Behind the token like the admin routes: Prometheus scrapes with bearer authorization, or at MANAGEMENT_PORT.
    read(router, "/metrics").handler(QueryParams.only()).handler(this::adminOnly)
        .handler(PrometheusScrapingHandler.create(metrics.registry()));

    Handler<RoutingContext> adminBody = bodies.limit(ADMIN_BODY_LIMIT);
    read(router, "/api/budget").handler(admin::getStatus);
    router.post("/api/budget/funds").handler(adminBody).handler(admin::addFunds);
    read(router, "/api/budget/ledger").handler(admin::getLedger);
    read(router, LedgerCsv.PATH).handler(csv::export);
    read(router, "/api/budget/check").handler(admin::checkBudget);
    router.post("/api/spend").handler(adminBody).handler(admin::recordSpend);
    read(router, "/api/budget/agents").handler(admin::getAgentSpend);
    read(router, "/api/budget/reservations").handler(admin::listOpenReservations);
    router.post("/api/budget/reservations").handler(adminBody).handler(admin::reserve);
    router.post("/api/budget/reservations/:id/settle").handler(adminBody).handler(admin::settle);
    router.delete("/api/budget/reservations/:id").handler(admin::release);
    read(router, "/api/stripe/events").handler(admin::listEvents);
    router.post("/api/stripe/events/:id/reprocess").handler(admin::reprocessEvent);
    read(router, "/api/stripe/reconcile").handler(admin::getReconcile);
    read(router, "/api/notifications").handler(admin::listNotifications);
    router.post("/api/notifications/:id/retry").handler(admin::retryNotification);
    read(router, "/api/budget/daily").handler(admin::getDaily);
    read(router, "/api/budget/accounts").handler(admin::listAccounts);
    read(router, BudgetStream.PATH).handler(new BudgetStream(vertx, access)::open);
    router.post("/api/keys").handler(adminBody).handler(admin::createKey);
    read(router, "/api/keys").handler(admin::listKeys);
    router.delete("/api/keys/:id").handler(admin::revokeKey);
    Dashboard dashboard = new Dashboard();
    StaticHandler files = dashboard.files();
    read(router, Dashboard.PAGE).handler(QueryParams.only(Dashboard.PAGE_PARAMS.toArray(String[]::new)))
        .handler(dashboard::secure).handler(files);
    router.post(Dashboard.PAGE).handler(bodies.limit(LOGIN_BODY_LIMIT))
        .handler(session::logIn);
    read(router, Dashboard.ASSETS).handler(QueryParams.only()).handler(dashboard::secure).handler(files);
    read(router, "/openapi.yaml").handler(QueryParams.only()).handler(this::getOpenApi);
    return router;
  }

  private void adminOnly(RoutingContext ctx) {
    access.require(BearerAuth.caller(ctx), Scope.ADMIN);
    ctx.next();
  }

  /** Counts open requests, and those that end while the server drains. */
  private void count(RoutingContext ctx) {
    inFlight.incrementAndGet();
    ctx.addEndHandler(done -> {
      inFlight.decrementAndGet();
      if (stopping) {
        drained.incrementAndGet();
      }
    });
    ctx.next();
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
}
