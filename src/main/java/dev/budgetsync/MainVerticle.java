package dev.budgetsync;

import dev.budgetsync.billing.BillingVerticle;
import dev.budgetsync.bridge.EventBusBridgeVerticle;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.config.ConfigLoader;
import dev.budgetsync.http.HttpVerticle;
import dev.budgetsync.bus.LocalCodec;
import dev.budgetsync.store.DatabaseServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Reads the configuration, prepares the database, and deploys billing before HTTP, so that no
 * webhook is accepted before its consumer exists. No business logic here.
 */
public final class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private DatabaseServer database;
  private String httpDeployment;
  private String bridgeDeployment;
  private String billingDeployment;

  @Override
  public Future<?> start() {
    Clock clock = Clock.systemUTC();
    LocalCodec.register(vertx);
    return ConfigLoader.load(vertx, config())
        .map(AppConfig::requireStrongSecrets)
        .compose(config -> {
          announce(config);
          return vertx.executeBlocking(() -> DatabaseServer.prepare(config)).compose(db -> {
            database = db;
            return vertx.deployVerticle(new BillingVerticle(config, db.connectOptions(), clock));
          }).compose(id -> {
            billingDeployment = id;
            return vertx.deployVerticle(new HttpVerticle(config, clock));
          }).compose(id -> {
            httpDeployment = id;
            LOG.info("budget-sync listening on port {}", config.httpPort());
            return config.eventBusBridgeEnabled()
                ? vertx.deployVerticle(new EventBusBridgeVerticle(config)) : Future.succeededFuture((String) null);
          }).map(id -> {
            bridgeDeployment = id;
            return id;
          });
        });
  }

  /** Stops taking requests and drains them, then stops billing: no acknowledged event is cut short. */
  public Future<Void> drain() {
    String bridge = bridgeDeployment;
    String http = httpDeployment;
    String billing = billingDeployment;
    bridgeDeployment = null;
    httpDeployment = null;
    billingDeployment = null;
    return undeploy(bridge).compose(v -> undeploy(http)).compose(v -> undeploy(billing));
  }

  /** Tolerates a child that Vert.x already undeployed with its parent. */
  private Future<Void> undeploy(String deployment) {
    if (deployment == null || !vertx.deploymentIDs().contains(deployment)) {
      return Future.succeededFuture();
    }
    return vertx.undeploy(deployment);
  }

  @Override
  public Future<?> stop() {
    return drain().compose(v -> vertx.executeBlocking(() -> {
      if (database != null) {
        database.close();
      }
      return null;
    }));
  }

  private static void announce(AppConfig config) {
    if (!config.webhookConfigured()) {
      LOG.warn("STRIPE_WEBHOOK_SECRET is not set: POST /api/webhooks/stripe answers 503 until it is");
    }
    if (config.adminTokenGenerated()) {
      LOG.warn("ADMIN_TOKEN is not set; generated for this run (printed once): {}", config.adminToken());
    }
  }
}
