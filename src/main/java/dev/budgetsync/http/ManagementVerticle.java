package dev.budgetsync.http;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The management port ({@code MANAGEMENT_PORT}, off when unset): {@code /metrics} and the health
 * routes without a token, as Prometheus and Kubernetes expect to reach them. Nothing else is served
 * there. It must stay inside the cluster or host: metrics show volumes and amounts by currency.
 */
public final class ManagementVerticle extends VerticleBase {
  private final AppConfig config;
  private HttpServer server;

  public ManagementVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().failureHandler(Errors::handle);
    router.errorHandler(404, Errors::handle);
    router.errorHandler(405, Errors::handle);
    HttpVerticle.read(router, "/metrics").handler(QueryParams.only())
        .handler(PrometheusScrapingHandler.create(ServiceMetrics.of(vertx).registry()));
    HttpVerticle.read(router, Health.LIVE).handler(QueryParams.only()).handler(Health.liveness(vertx));
    HttpVerticle.read(router, Health.READY).handler(QueryParams.only()).handler(Health.readiness(vertx));
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(config.managementPort());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
