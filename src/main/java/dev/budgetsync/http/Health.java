package dev.budgetsync.http;

import dev.budgetsync.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/** {@code /health/live} and {@code /health/ready}, as both the main and the management port serve them. */
final class Health {
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";

  private Health() {
  }

  /** Up while the process runs; never touches the database, so an outage restarts nothing. */
  static HealthCheckHandler liveness(Vertx vertx) {
    return HealthCheckHandler.createWithHealthChecks(
        HealthChecks.create(vertx).register("http", promise -> promise.complete(Status.OK())));
  }

  /** Ready only when billing answers after a real query against PostgreSQL. */
  static HealthCheckHandler readiness(Vertx vertx) {
    // Local: readiness is about this node's own connection to PostgreSQL.
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(2000).setLocalOnly(true);
    return HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx).register("database", 3000, promise ->
        vertx.eventBus().request(Addresses.READY, null, options)
            .onSuccess(reply -> promise.complete(Status.OK()))
            .onFailure(error -> promise.complete(Status.KO()))));
  }
}
