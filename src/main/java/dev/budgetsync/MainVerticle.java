package dev.budgetsync;

import dev.budgetsync.billing.BillingVerticle;
import dev.budgetsync.billing.ReconcileSchedule;
import dev.budgetsync.bridge.EventBusBridgeVerticle;
import dev.budgetsync.bus.LocalCodec;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.config.ConfigLoader;
import dev.budgetsync.http.HttpVerticle;
import dev.budgetsync.http.ManagementVerticle;
import dev.budgetsync.notify.NotifyVerticle;
import dev.budgetsync.store.DatabaseServer;
import dev.budgetsync.store.InstanceLock;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Reads the configuration, prepares the database, takes this instance's share of the schema's
 * {@link InstanceLock}, and deploys billing and the notification sender before HTTP, so that no
 * webhook is accepted before its consumer exists. No business logic here.
 */
public final class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private DatabaseServer database;
  private InstanceLock instanceLock;
  private String httpDeployment;
  private String bridgeDeployment;
  private String billingDeployment;
  private String scheduleDeployment;
  private String managementDeployment;
  private String notifyDeployment;

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
            return InstanceLock.holdShared(vertx, db.connectOptions(), config.databaseSchema());
          }).compose(lock -> {
            instanceLock = lock;
            return vertx.deployVerticle(new BillingVerticle(config, database.connectOptions(), clock));
          }).compose(id -> {
            billingDeployment = id;
            return vertx.deployVerticle(new NotifyVerticle(config.notifications(), database.connectOptions(),
                config.databaseSchema()));
          }).compose(id -> {
            notifyDeployment = id;
            return vertx.deployVerticle(new HttpVerticle(config, clock));
          }).compose(id -> {
            httpDeployment = id;
            LOG.info("budget-sync listening on port {}", config.httpPort());
            return config.managementEnabled()
                ? vertx.deployVerticle(new ManagementVerticle(config)) : Future.succeededFuture((String) null);
          }).compose(id -> {
            managementDeployment = id;
            return config.eventBusBridgeEnabled()
                ? vertx.deployVerticle(new EventBusBridgeVerticle(config)) : Future.succeededFuture((String) null);
          }).compose(id -> {
            bridgeDeployment = id;
            return config.stripeApi().scheduled()
                ? vertx.deployVerticle(new ReconcileSchedule(config.stripeApi().reconcileIntervalMinutes()))
                : Future.succeededFuture((String) null);
          }).map(id -> {
            scheduleDeployment = id;
            return id;
          });
        })
        // A start that fails past the lock (a port in use, say) gives up its share at once.
        .onFailure(error -> {
          if (instanceLock != null) {
            instanceLock.release();
          }
        });
  }

  /**
   * Stops taking requests and drains them, then stops billing: no acknowledged event is cut short.
   * The management port goes last, so health and metrics answer while the rest drains.
   */
  public Future<Void> drain() {
    String schedule = scheduleDeployment;
    String bridge = bridgeDeployment;
    String httpId = httpDeployment;
    String billing = billingDeployment;
    String management = managementDeployment;
    String notify = notifyDeployment;
    InstanceLock lock = instanceLock;
    scheduleDeployment = null;
    bridgeDeployment = null;
    httpDeployment = null;
    billingDeployment = null;
    managementDeployment = null;
    notifyDeployment = null;
    instanceLock = null;
    if (httpId == null && billing == null && lock == null) {
      return Future.succeededFuture();
    }
    return undeploy(schedule).compose(v -> undeploy(bridge)).compose(v -> undeploy(httpId))
        .compose(v -> undeploy(billing))
        .compose(v -> lock == null ? Future.<Void>succeededFuture() : lock.release())
        .compose(v -> undeploy(notify)).compose(v -> undeploy(management));
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
    if (config.stripeApi().scheduled()) {
      LOG.info("reconciling with Stripe's API at start and every {} minutes",
          config.stripeApi().reconcileIntervalMinutes());
    } else if (config.stripeApi().configured()) {
      LOG.info("STRIPE_RECONCILE_INTERVAL_MINUTES is 0: reconciliation runs only by `reconcile`");
    }
    config.secretWarnings().forEach(LOG::warn);
    if (config.adminTokenGenerated()) {
      LOG.warn("ADMIN_TOKEN is not set; generated for this run (printed once): {}", config.adminToken());
    }
  }
}
